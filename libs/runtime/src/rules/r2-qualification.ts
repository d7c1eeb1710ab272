import { DomainError } from '../errors/domain-error';

/**
 * R2 (seed; reasons ours): an operator decides qualification once, while the case is requested — templates go
 * out only on `qualified` — and a rejection keeps its reason. Returns the reason to record (trimmed; none when blank).
 */
export function ruleR2QualificationOnce(facts: {
  applicationId: string;
  status: string;
  reason?: string;
}): string | null {
  if (facts.status !== 'requested') {
    throw new DomainError(
      'APPLICATION_NOT_AWAITING_QUALIFICATION',
      `This case is ${facts.status}; qualification (A-2) is decided once, while the case is requested.`,
      { applicationId: facts.applicationId, status: facts.status },
    );
  }
  return facts.reason?.trim() || null;
}
