import { DomainError } from '../errors/domain-error';

/** The case statuses that end a case: it takes no more questions (nor grants). */
const CLOSED_STATUSES: readonly string[] = ['rejected', 'withdrawn', 'revoked'];

/**
 * R7 (seed; kept open ours, decision 70): the A-7 step ends with the agreement, the Q&A does not — questions during
 * testing and after go-live are asked on the case, until the case is closed (rejected, withdrawn, revoked).
 */
export function ruleR7QuestionsUntilCaseClosed(caseStatus: string): void {
  if (!CLOSED_STATUSES.includes(caseStatus)) return;
  throw new DomainError(
    'QA_CLOSED',
    'この案件は終了しているため、質問をお受けできません。お問い合わせは J-LIS の窓口へお願いいたします。 / This case is closed, so it takes no more questions; please contact J-LIS directly.',
    { caseStatus },
  );
}
