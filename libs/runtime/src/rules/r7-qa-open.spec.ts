import { ruleR7QuestionsUntilCaseClosed } from './r7-qa-open';

describe(ruleR7QuestionsUntilCaseClosed.name, () => {
  it.each(['requested', 'qualified', 'active'])('takes questions on a %s case, after the agreement too', (status) => {
    expect(() => ruleR7QuestionsUntilCaseClosed(status)).not.toThrow();
  });

  it.each(['rejected', 'withdrawn', 'revoked'])('takes none on a %s case', (status) => {
    expect(() => ruleR7QuestionsUntilCaseClosed(status)).toThrow(
      expect.objectContaining({ code: 'QA_CLOSED', details: { caseStatus: status } }),
    );
  });
});
