import { ruleR4ContractorCovered, ruleR4DisclosureToContractor } from './r4-disclosure';

describe(ruleR4DisclosureToContractor.name, () => {
  const a0302 = { fields: { contractorId: 'k-1', items: ['server', 'profile'] } };
  const ok = { contractorId: 'k-1', items: ['server'], a0302, ndaOnFile: true };

  it('passes on what the accepted A-03-2 lists, to its contractor, with the NDA on file', () => {
    expect(() => ruleR4DisclosureToContractor(ok)).not.toThrow();
  });

  it.each([
    ['no accepted A-03-2', undefined],
    ['an A-03-2 naming another contractor', { fields: { contractorId: 'k-2', items: ['server'] } }],
  ])('refuses with %s', (_, form) => {
    expect(() => ruleR4DisclosureToContractor({ ...ok, a0302: form })).toThrow(
      expect.objectContaining({
        code: 'DISCLOSURE_WITHOUT_A0302',
        details: { rule: 'R4', missing: 'A-03-2', contractorId: 'k-1' },
      }),
    );
  });

  it('refuses specs the A-03-2 does not list, naming them and the field', () => {
    expect(() => ruleR4DisclosureToContractor({ ...ok, items: ['server', 'client'] })).toThrow(
      expect.objectContaining({
        code: 'DISCLOSURE_ITEMS_NOT_LISTED',
        details: { rule: 'R4', missing: ['client'], listed: ['server', 'profile'] },
        errors: [expect.objectContaining({ field: 'items' })],
      }),
    );
  });

  it('refuses without the NDA on file', () => {
    expect(() => ruleR4DisclosureToContractor({ ...ok, ndaOnFile: false })).toThrow(
      expect.objectContaining({ code: 'DISCLOSURE_WITHOUT_NDA' }),
    );
  });
});

describe(ruleR4ContractorCovered.name, () => {
  const covered = { contractorId: 'k-1', ndaOnFile: true, acceptedA0302ContractorIds: ['k-1'] };

  it('covers the named contractor with its NDA on file and an accepted A-03-2 naming it', () => {
    expect(ruleR4ContractorCovered(covered)).toBe(true);
    expect(ruleR4ContractorCovered({ ...covered, acceptedA0302ContractorIds: ['k-0', 'k-1'] })).toBe(true);
  });

  it.each([
    ['without the NDA on file', { ndaOnFile: false }],
    ['without an accepted A-03-2', { acceptedA0302ContractorIds: [] }],
    ['when the accepted A-03-2 names the previous contractor only', { acceptedA0302ContractorIds: ['k-0'] }],
    ['when the case names no contractor', { contractorId: null, acceptedA0302ContractorIds: [] }],
  ])('does not cover %s', (_, change) => {
    expect(ruleR4ContractorCovered({ ...covered, ...change })).toBe(false);
  });
});
