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

  it('keeps the ids in details, out of the sentence a person reads', () => {
    const ids = {
      applicationId: '0b9e2f64-3c1d-4a8e-9f27-5d6c1e8a4b30',
      submissionId: '6f1a9c3e-8b27-4d5f-a0e4-2c7b9d1f3e58',
    };
    expect(() => ruleR6LoanAgainstAcceptedA06(ids)).toThrow(
      expect.objectContaining({ message: expect.not.stringMatching(/[0-9a-f]{8}-[0-9a-f]{4}/) }),
    );
  });
});
