import { DomainError } from '../errors/domain-error';

/** A refusal that names its rule in `details.rule` (R4, R5: the portal shows which rule refused), and its field. */
export function ruleRefusal(
  code: ConstructorParameters<typeof DomainError>[0],
  rule: string,
  sentence: string,
  details: Record<string, unknown>,
  field?: string,
): DomainError {
  return new DomainError(code, sentence, { rule, ...details }, field ? [{ field, message: sentence }] : undefined);
}
