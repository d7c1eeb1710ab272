import { DomainError } from '../errors/domain-error';
import { ruleR8LinkOnlyForOnlineTest, ruleR8TestAccessPreconditions } from './r8-test-access';

function refusal(fn: () => void): DomainError {
  try {
    fn();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

describe(ruleR8TestAccessPreconditions.name, () => {
  const ready = { wantsOnlineTest: true, a034Accepted: true, a081: { connectionId: 'c-1' }, linked: true };

  it('grants with the online test wanted, an accepted A-03-4 and a linked connection', () => {
    expect(() => ruleR8TestAccessPreconditions(ready)).not.toThrow();
  });

  it('grants on a link to another local government’s registration without an A-08-1', () => {
    expect(() => ruleR8TestAccessPreconditions({ ...ready, a081: undefined })).not.toThrow();
  });

  it('refuses a case that does not want the online test, before anything else', () => {
    const sut = refusal(() =>
      ruleR8TestAccessPreconditions({ wantsOnlineTest: false, a034Accepted: false, linked: false }),
    );
    expect(sut.code).toBe('ONLINE_TEST_NOT_WANTED');
  });

  it('waits for the A-03-4', () => {
    const sut = refusal(() => ruleR8TestAccessPreconditions({ ...ready, a034Accepted: false }));
    expect(sut.code).toBe('PRECONDITION_NOT_YET_KNOWN');
    expect(sut.details).toEqual({ missing: ['A-03-4'], step: 'A-9' });
  });

  it('waits for the A-08-1 when nothing is linked', () => {
    const sut = refusal(() => ruleR8TestAccessPreconditions({ ...ready, a081: undefined, linked: false }));
    expect(sut.details).toEqual({ missing: ['A-08-1'], step: 'A-9' });
  });

  it('refuses an accepted A-08-1 whose connection is not a current test registration', () => {
    const sut = refusal(() => ruleR8TestAccessPreconditions({ ...ready, linked: false }));
    expect(sut.code).toBe('ACCESS_PRECONDITION_MISSING');
    expect(sut.message).not.toContain('c-1');
    expect(sut.message).toMatch(/^受理された A-08-1 .*ください。 \/ /);
    expect(sut.details).toEqual({ missing: ['connection'], connectionId: 'c-1' });
  });
});

describe(ruleR8LinkOnlyForOnlineTest.name, () => {
  it('links for a case that wants the online test', () => {
    expect(() => ruleR8LinkOnlyForOnlineTest(true)).not.toThrow();
  });

  it('refuses a link for a case that does not, pointing at the case setting', () => {
    expect(() => ruleR8LinkOnlyForOnlineTest(false)).toThrow(
      expect.objectContaining({ code: 'ONLINE_TEST_NOT_WANTED', message: expect.stringContaining('change the case') }),
    );
  });
});
