import { ruleR6LoanAgainstAcceptedA06 } from './r6-cards-on-receipt';

describe(ruleR6LoanAgainstAcceptedA06.name, () => {
  it('lends against the case’s accepted A-06', () => {
    expect(() =>
      ruleR6LoanAgainstAcceptedA06({ applicationId: 'a', submissionId: 's', receipt: { applicationId: 'a' } }),
    ).not.toThrow();
  });

  it.each([
    ['no accepted A-06', undefined],
    ['another case’s A-06', { applicationId: 'b' }],
  ])('refuses %s', (_, receipt) => {
    expect(() => ruleR6LoanAgainstAcceptedA06({ applicationId: 'a', submissionId: 's', receipt })).toThrow(
      expect.objectContaining({ code: 'A06_NOT_ACCEPTED', details: { submissionId: 's', applicationId: 'a' } }),
    );
  });
});
