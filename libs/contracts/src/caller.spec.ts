import { Caller, isCaseParty, submissionReach } from './caller';

describe('isCaseParty', () => {
  const parties = { applicationId: 'a-1', organizationCode: '131016', contractorId: 'c-1' };
  const operator: Caller = { sub: 'op', role: 'operator' };
  const applicant: Caller = { sub: 'ap', role: 'applicant', org: '131016' };
  const named: Caller = { sub: 'v', role: 'contractor', contractor: 'c-1' };
  const other: Caller = { sub: 'w', role: 'contractor', contractor: 'c-2' };

  it('lets operators and the organisation’s applicants reach all of a case', () => {
    for (const caller of [operator, applicant]) {
      expect(isCaseParty(caller, parties)).toBe(true);
      expect(isCaseParty(caller, parties, 'confidential')).toBe(true);
    }
    expect(isCaseParty({ ...applicant, org: '131041' }, parties)).toBe(false);
  });

  it('lets the named contractor reach what is confidential only once the NDA covers it', () => {
    expect(isCaseParty(named, parties)).toBe(true);
    expect(isCaseParty(named, parties, 'confidential')).toBe(false);
    expect(isCaseParty(named, { ...parties, contractorCovered: false }, 'confidential')).toBe(false);
    expect(isCaseParty(named, { ...parties, contractorCovered: true }, 'confidential')).toBe(true);
  });

  it('never lets in another contractor, nor any contractor of a case naming none, covered or not', () => {
    expect(isCaseParty(other, { ...parties, contractorCovered: true })).toBe(false);
    expect(isCaseParty(other, { ...parties, contractorCovered: true }, 'confidential')).toBe(false);
    expect(isCaseParty(named, { ...parties, contractorId: null, contractorCovered: true })).toBe(false);
    expect(isCaseParty({ sub: 'x', role: 'contractor' }, { ...parties, contractorId: undefined })).toBe(false);
  });
});

describe('submissionReach', () => {
  it('keeps what the contractor supplies in its reach and every other form confidential', () => {
    expect(['A-03-1', 'A-03-2', 'A-06', 'A-08-1', 'A-11-2'].map(submissionReach)).toEqual(Array(5).fill('case'));
    expect(['A-03-3', 'A-03-4', 'A-11-1', 'URL', 'A-11-3'].map(submissionReach)).toEqual(Array(5).fill('confidential'));
  });
});
