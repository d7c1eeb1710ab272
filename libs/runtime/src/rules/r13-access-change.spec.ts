import { ruleR13ChangeOnNewA112 } from './r13-access-change';

describe(ruleR13ChangeOnNewA112.name, () => {
  it('makes the first production grant, superseding nothing', () => {
    expect(ruleR13ChangeOnNewA112({ reason: 'initial' })).toEqual({ supersedes: null, changeKind: null });
  });

  it('makes a change of the A-11-2’s kind while a grant is in force', () => {
    expect(ruleR13ChangeOnNewA112({ inForce: { id: 'g-1' }, reason: 'member-change' })).toEqual({
      supersedes: 'g-1',
      changeKind: 'member-change',
    });
  });

  it('counts an A-11-2 marked initial after go-live as a system change', () => {
    expect(ruleR13ChangeOnNewA112({ inForce: { id: 'g-1' }, reason: 'initial' })).toEqual({
      supersedes: 'g-1',
      changeKind: 'system-change',
    });
  });

  it('refuses a second grant on the same A-11-2', () => {
    expect(() =>
      ruleR13ChangeOnNewA112({ granted: { id: 'g-1', approvalNumber: '12' }, inForce: { id: 'g-1' }, reason: 'x' }),
    ).toThrow(expect.objectContaining({ code: 'ACCESS_ALREADY_GRANTED', details: { grantId: 'g-1' } }));
  });

  it('names the approval number people can say, never the grant id, in what a person reads', () => {
    const granted = { id: '5b0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d', approvalNumber: 'JPKI-A-2026-0007' };
    expect(() => ruleR13ChangeOnNewA112({ granted, inForce: { id: granted.id }, reason: 'x' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(granted.id) }),
    );
    expect(() => ruleR13ChangeOnNewA112({ granted, inForce: { id: granted.id }, reason: 'x' })).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/承認番号 JPKI-A-2026-0007.* \/ .*JPKI-A-2026-0007/) }),
    );
  });
});
