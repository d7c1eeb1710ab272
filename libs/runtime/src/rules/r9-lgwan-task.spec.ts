import { ruleR9LgwanTaskBeforeTestAccess } from './r9-lgwan-task';

describe(ruleR9LgwanTaskBeforeTestAccess.name, () => {
  it('asks nothing of a case not verifying via LGPKI', () => {
    expect(() => ruleR9LgwanTaskBeforeTestAccess({ viaLgpki: false, taskDone: false })).not.toThrow();
  });

  it('lets a case via LGPKI through once the task is done', () => {
    expect(() => ruleR9LgwanTaskBeforeTestAccess({ viaLgpki: true, taskDone: true })).not.toThrow();
  });

  it('holds a case via LGPKI until the task is done', () => {
    expect(() => ruleR9LgwanTaskBeforeTestAccess({ viaLgpki: true, taskDone: false })).toThrow(
      expect.objectContaining({ code: 'LGWAN_TASK_NOT_DONE' }),
    );
  });
});
