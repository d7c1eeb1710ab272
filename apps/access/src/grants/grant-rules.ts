import { AccessEnvironment, ApplicationSnapshot, Caller } from '@jlis/contracts';
import { DomainError } from '@jlis/runtime';

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** Two operators acting on one case's grants of one environment at once: the second waits for the first. */
export async function lockGrants(
  m: { query(sql: string, params?: unknown[]): Promise<unknown> },
  applicationId: string,
  environment: AccessEnvironment,
): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`access:grant:${applicationId}:${environment}`]);
}

/** No access is granted on a case that is rejected, withdrawn or revoked. */
export function requireOpenCase(snapshot: ApplicationSnapshot): void {
  if (['rejected', 'withdrawn', 'revoked'].includes(snapshot.status)) {
    throw new DomainError(
      'CASE_CLOSED',
      `この案件は ${snapshot.status} のため、アクセス権は設定できません。 / The case is ${snapshot.status}; no access is granted on it.`,
      { caseStatus: snapshot.status },
    );
  }
}

/** A two-person decision shows who decided by name: the operator's token must carry it (the OIDC name claim). */
export function signerName(caller: Caller): string {
  if (!caller.name) {
    throw new DomainError(
      'NAME_CLAIM_MISSING',
      'ご本人の氏名がトークンに含まれていないため、提案・承認できません。氏名 (name) を含むトークンで再度お試しください。 / Your token carries no name claim; two-person decisions record the name of each operator, so sign in with a token that carries it.',
    );
  }
  return caller.name;
}

/** Four eyes: the proposer of a decision is not one of its approvers. */
export function requireSecondPerson(caller: Caller, proposedBy: string): void {
  if (caller.sub === proposedBy) {
    throw new DomainError(
      'APPROVER_IS_PROPOSER',
      'ご自身が提案した決定は承認できません。別の担当者に承認を依頼してください。 / You proposed this decision; another operator must approve it.',
    );
  }
}
