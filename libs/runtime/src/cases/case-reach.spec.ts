import { DomainError } from '../errors/domain-error';
import { requireCaseReach } from './case-reach';

describe('requireCaseReach', () => {
  const parties = { applicationId: 'a-1', organizationCode: '131016', contractorId: 'c-1' };
  const named = { sub: 'v', role: 'contractor' as const, contractor: 'c-1' };
  const notFound = () => DomainError.notFound('Question');
  const codeOf = (run: () => void): string | undefined => {
    try {
      run();
      return undefined;
    } catch (error) {
      return (error as DomainError).code;
    }
  };

  it('answers a stranger NOT_FOUND at any reach, through the caller’s own notFound', () => {
    const stranger = { ...named, contractor: 'c-2' };
    expect(codeOf(() => requireCaseReach(stranger, parties, 'case', notFound))).toBe('NOT_FOUND');
    expect(
      codeOf(() => requireCaseReach(stranger, { ...parties, contractorCovered: true }, 'confidential', notFound)),
    ).toBe('NOT_FOUND');
  });

  it('answers the named contractor CONTRACTOR_NDA_REQUIRED for what is confidential until the NDA covers it', () => {
    expect(codeOf(() => requireCaseReach(named, parties, 'case', notFound))).toBeUndefined();
    expect(codeOf(() => requireCaseReach(named, parties, 'confidential', notFound))).toBe('CONTRACTOR_NDA_REQUIRED');
    expect(
      codeOf(() => requireCaseReach(named, { ...parties, contractorCovered: true }, 'confidential', notFound)),
    ).toBeUndefined();
  });
});
