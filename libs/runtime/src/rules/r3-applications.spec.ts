import { ruleR3ApplicationsComplete } from './r3-applications';

describe(ruleR3ApplicationsComplete.name, () => {
  it('completes A-3 on A-03-1, A-03-3 and A-03-4, whatever order they came in', () => {
    expect(
      ruleR3ApplicationsComplete({ accepted: new Set(['A-03-4', 'A-03-3', 'A-03-1']), namesContractor: false }),
    ).toEqual(['A-03-1', 'A-03-3', 'A-03-4']);
  });

  it('waits while one is missing', () => {
    expect(ruleR3ApplicationsComplete({ accepted: new Set(['A-03-1', 'A-03-4']), namesContractor: false })).toBeNull();
  });

  it('asks for the A-03-2 too when the case names a contractor', () => {
    const three = new Set(['A-03-1', 'A-03-3', 'A-03-4']);
    expect(ruleR3ApplicationsComplete({ accepted: three, namesContractor: true })).toBeNull();
    expect(ruleR3ApplicationsComplete({ accepted: new Set([...three, 'A-03-2']), namesContractor: true })).toEqual([
      'A-03-1',
      'A-03-3',
      'A-03-4',
      'A-03-2',
    ]);
  });
});
