import { AccessDecisionView } from '@jlis/contracts';

/** A decision waiting for (or carried out by) a second operator, rather than a grant. */
export function isProposal(answer: unknown): answer is AccessDecisionView {
  return typeof answer === 'object' && answer !== null && 'proposedBy' in answer;
}
