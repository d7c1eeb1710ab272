import { DomainError } from '../errors/domain-error';

/** The A-13 change kinds a grant records; an A-11-2's `reason` names one, or `initial`. */
export type AccessChangeKind = 'member-change' | 'system-change';

/** What R13 decides about a production grant on the latest accepted A-11-2. */
export interface ProductionGrantKind {
  /** The grant it supersedes from its start date, or null for the first production grant. */
  supersedes: string | null;
  /** The A-13 kind of a change; null for the first production grant. */
  changeKind: AccessChangeKind | null;
}

/**
 * R13 (seed): after go-live, a system or member change files a new A-11-2, and production access is granted on it
 * again, superseding the previous grant (R10 is not asked again; R11 and R12 are). So an A-11-2 already granted on is
 * refused — a change needs a new one — and a grant while another is in force is a change of the A-11-2's kind (one
 * marked `initial` after go-live is still a change: a system change). `granted` is the grant already made on this
 * A-11-2, if any; `inForce` the case's production grant in force today, if any.
 */
export function ruleR13ChangeOnNewA112(facts: {
  granted?: { id: string; approvalNumber: string | null };
  inForce?: { id: string };
  reason: unknown;
}): ProductionGrantKind {
  if (facts.granted) {
    const { id, approvalNumber } = facts.granted;
    // "This A-11-2" is the latest the service has seen: an A-13 sent right after documents accepted a newer A-11-2
    // finds the old one granted until that acceptance arrives, so the refusal waits for the stream first.
    throw new DomainError(
      'ACCESS_ALREADY_GRANTED',
      `この A-11-2 に基づくアクセス権は設定済みです (承認番号 ${approvalNumber ?? '未採番'})。変更には新しい A-11-2 が必要です。 / Production access was already granted on this A-11-2 (approval number ${approvalNumber ?? 'not yet assigned'}); a change needs a new accepted A-11-2 (A-13).`,
      { grantId: id },
    ).awaitingEvents();
  }
  if (!facts.inForce) return { supersedes: null, changeKind: null };
  const changeKind =
    facts.reason === 'member-change' || facts.reason === 'system-change' ? facts.reason : 'system-change';
  return { supersedes: facts.inForce.id, changeKind };
}
