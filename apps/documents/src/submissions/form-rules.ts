import { ApplicationSnapshot, FieldError, FieldsNone, SUBMISSION_FORM_FIELDS } from '@jlis/contracts';
import { DomainError, flattenValidationErrors } from '@jlis/runtime';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

/** Shape of a form's fields (class-validator class per form; unknown fields refused), fields named `fields.<path>`. */
export async function validateFormFields(
  form: string,
  fields: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const cls = SUBMISSION_FORM_FIELDS[form];
  // A form without structured content (A-03-3, A-03-4) takes `{}`; class-validator has no properties to whitelist against.
  if (!cls || cls === FieldsNone) {
    const extra = Object.keys(fields);
    if (extra.length)
      throw DomainError.validation(
        extra.map((f) => ({ field: `fields.${f}`, message: `unknown field: ${f} is not accepted` })),
      );
    return {};
  }
  const instance = plainToInstance(cls, fields);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    throw DomainError.validation(flattenValidationErrors(errors, 'fields'));
  }
  return JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
}

/** The top-level field names a return reason may point at (plus the file itself). */
export function reasonFields(form: string): Set<string> {
  const cls = SUBMISSION_FORM_FIELDS[form];
  const names = cls ? Object.keys(plainToInstance(cls, {})) : [];
  return new Set(['file', ...names, ...declaredFields(form)]);
}

const DECLARED: Record<string, string[]> = {
  'A-03-1': ['items'],
  'A-03-2': ['contractorId', 'items'],
  'A-06': ['cards'],
  'A-08-1': ['connectionId', 'viaLgpki'],
  'A-11-1': ['methods'],
  'A-11-2': ['startDate', 'connectionId', 'reason', 'members', 'seal'],
  URL: ['url'],
  'A-11-3': ['contacts'],
};
function declaredFields(form: string): string[] {
  return DECLARED[form] ?? [];
}

/** A-11-1 names one method per verifier kind of the case, and no other kind. */
export function methodsMismatch(methods: Record<string, unknown>, snapshot: ApplicationSnapshot): FieldError[] {
  const errors: FieldError[] = [];
  for (const kind of snapshot.verifierKinds) {
    if (!methods[kind])
      errors.push({
        field: `fields.methods.${kind}`,
        message: `a provision method is required for ${kind} (the case verifies it)`,
      });
  }
  for (const key of Object.keys(methods)) {
    if (methods[key] !== undefined && !snapshot.verifierKinds.includes(key as never)) {
      errors.push({ field: `fields.methods.${key}`, message: `the case does not verify ${key}` });
    }
  }
  return errors;
}

/**
 * An A-03-2 naming another contractor than the form's latest one begins a new series: each contractor the case names
 * gets its own copy application (R4), while another A-03-2 for the same contractor follows the usual rounds.
 */
export function startsContractorSeries(
  form: string,
  latest: { fields: Record<string, unknown>; decision: 'accepted' | 'returned' | null },
  fields: Record<string, unknown>,
): boolean {
  return form === 'A-03-2' && latest.decision !== null && latest.fields.contractorId !== fields.contractorId;
}
