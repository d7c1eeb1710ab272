import { DomainError } from '../errors/domain-error';
import { missingPapers } from './access-papers';

/** What access knows of a case when an operator grants test access. */
export interface TestAccessFacts {
  wantsOnlineTest: boolean;
  a034Accepted: boolean;
  /** The latest accepted A-08-1's connection, when there is one. */
  a081?: { connectionId: unknown };
  /** Whether a current test connection is linked to the case (by its accepted A-08-1 or a link to another's). */
  linked: boolean;
}

/**
 * R8 (seed): test access needs the online test to be wanted, an accepted A-03-4, and an accepted A-08-1 — or a link to
 * the same contractor connection registered for another local government instead. The refusals come in that order,
 * the order an applicant fixes them in.
 */
export function ruleR8TestAccessPreconditions(facts: TestAccessFacts): void {
  if (!facts.wantsOnlineTest) {
    throw new DomainError(
      'ONLINE_TEST_NOT_WANTED',
      'この案件はオンラインテスト環境を希望していません。 / The case does not want the online test environment, so there is no test access to grant (R8).',
    );
  }
  if (!facts.a034Accepted) throw missingPapers(['A-03-4'], 'test');
  if (facts.linked) return;
  if (!facts.a081) throw missingPapers(['A-08-1'], 'test');
  // An accepted A-08-1 whose connection is not (or no longer) a current test registration links nothing.
  // The connection's id stays in details: the sentence a person reads names the form, not the UUID (issue 13).
  throw new DomainError(
    'ACCESS_PRECONDITION_MISSING',
    '受理された A-08-1 に記載の接続登録が、テスト環境の有効な登録ではありません。受託者に接続登録を依頼し、訂正した A-08-1 をご提出ください。 / The connection the accepted A-08-1 names is not a current test registration; ask the contractor to register it and file a corrected A-08-1.',
    { missing: ['connection'], connectionId: String(facts.a081.connectionId) },
  );
}

/**
 * R8's first condition where A-8 starts: a link to another local government's registration stands in for an A-08-1,
 * so it too is only for a case that wants the online test. Its sentence points at the case setting, since a link is
 * made before test access is asked for.
 */
export function ruleR8LinkOnlyForOnlineTest(wantsOnlineTest: boolean): void {
  if (wantsOnlineTest) return;
  throw new DomainError(
    'ONLINE_TEST_NOT_WANTED',
    'この案件はオンラインテスト環境を希望していません。希望する場合は案件の設定を変更してください。 / This case does not want the online test environment (A-8 is only for it); change the case first if it does.',
  );
}
