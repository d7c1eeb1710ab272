import { DomainError } from '../errors/domain-error';

/**
 * R9 (seed; gate ours): a case verifying via LGPKI carries the LGWAN national center's task, done by the applicant,
 * and test access waits for it. `viaLgpki` is the linked test connection's; a case not via LGPKI has no task to wait for.
 */
export function ruleR9LgwanTaskBeforeTestAccess(facts: { viaLgpki: boolean; taskDone: boolean }): void {
  if (!facts.viaLgpki || facts.taskDone) return;
  throw new DomainError(
    'LGWAN_TASK_NOT_DONE',
    'LGPKI 経由で検証するため、LGWAN全国センターの手続の完了を先に登録してください。 / The case verifies via LGPKI: record the LGWAN national center task as done (POST …/lgwan-task) before test access is granted (R9).',
  );
}
