import { ActionFact, GrantFact, GrantTimeline } from './grant-state';

const g1: GrantFact = { id: 'g1', createdOn: '2026-04-01', effectiveOn: '2026-04-10', supersedes: null };
const g2: GrantFact = { id: 'g2', createdOn: '2026-06-01', effectiveOn: '2026-07-01', supersedes: 'g1' };

describe(GrantTimeline.name, () => {
  it('answers scheduled, active and superseded by the day', () => {
    const sut = new GrantTimeline([g1, g2], []);
    expect(sut.stateOn('g1', '2026-03-31')).toBeNull();
    expect(sut.stateOn('g1', '2026-04-09')).toBe('scheduled');
    expect(sut.stateOn('g1', '2026-04-10')).toBe('active');
    expect(sut.stateOn('g1', '2026-06-30')).toBe('active');
    expect(sut.stateOn('g1', '2026-07-01')).toBe('superseded');
    expect(sut.stateOn('g2', '2026-06-30')).toBe('scheduled');
    expect(sut.stateOn('g2', '2026-07-01')).toBe('active');
    expect(sut.effectiveUntil('g1')).toBe('2026-06-30');
  });

  it('keeps suspension, reinstatement and revocation by the day they were made', () => {
    const actions: ActionFact[] = [
      { grantId: 'g1', kind: 'suspended', onDate: '2026-05-01', seq: 1 },
      { grantId: 'g1', kind: 'reinstated', onDate: '2026-05-03', seq: 2 },
      { grantId: 'g1', kind: 'revoked', onDate: '2026-05-20', seq: 3 },
    ];
    const sut = new GrantTimeline([g1], actions);
    expect(sut.stateOn('g1', '2026-05-02')).toBe('suspended');
    expect(sut.stateOn('g1', '2026-05-03')).toBe('active');
    expect(sut.stateOn('g1', '2026-05-20')).toBe('revoked');
    expect(sut.effectiveUntil('g1')).toBe('2026-05-19');
  });

  it('does not let a successor revoked before its start date supersede anything', () => {
    const sut = new GrantTimeline([g1, g2], [{ grantId: 'g2', kind: 'revoked', onDate: '2026-06-15', seq: 1 }]);
    expect(sut.stateOn('g1', '2026-07-02')).toBe('active');
    expect(sut.stateOn('g2', '2026-07-02')).toBe('revoked');
  });
});
