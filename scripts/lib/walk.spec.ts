import { Api, ApiError, decide } from './walk';

/**
 * The fault suite's kill -9 flake (DECISION_OUTDATED at a production approval), replayed in the order that broke it:
 * access is killed while an A-12 proposal is in flight (the gateway answers 503, so the walk cannot tell whether it
 * was made), and the retry meets access's ordinary refusal of a restarting moment (409 CARDS_OUTSTANDING: the cards'
 * return not yet applied again). The walk took any 409 after an ambiguous failure for "already done": `decide` answered
 * null, the case went on to A-13 without a production grant, and the A-13 proposal went to the A-11-2 access still
 * knew — refused at approval as outdated once the new one arrived.
 */
describe('decide after an ambiguous failure', () => {
  const proposal = { id: 'd-1', status: 'proposed' };
  const approved = { id: 'd-1', status: 'approved', grant: { id: 'g-1' } };

  function fakeApi(answers: (() => unknown)[]): { api: Api; calls: string[] } {
    const api = new Api('http://127.0.0.1:1');
    const calls: string[] = [];
    api.call = (async (method: string, path: string) => {
      calls.push(`${method} ${path}`);
      return answers.shift()!();
    }) as Api['call'];
    return { api, calls };
  }
  const refusal = (status: number, code: string) => () => {
    throw new ApiError('POST', '/x', status, { code, detail: code });
  };
  const propose = (api: Api) => () => api.call('POST', '/api/v1/applications/a-1/access-grants');

  it('waits out a refusal that is not "already proposed", then approves the proposal made', async () => {
    const { api, calls } = fakeApi([
      refusal(503, 'SERVICE_UNAVAILABLE'),
      refusal(409, 'CARDS_OUTSTANDING'),
      () => proposal,
      () => approved,
    ]);
    const decided = await decide(api, propose(api), 'approver', { retryOn: ['CARDS_OUTSTANDING'] });
    expect(decided).toEqual(approved);
    expect(calls).toEqual([
      'POST /api/v1/applications/a-1/access-grants',
      'POST /api/v1/applications/a-1/access-grants',
      'POST /api/v1/applications/a-1/access-grants',
      'POST /api/v1/access-decisions/d-1/approval',
    ]);
  }, 10_000);

  it('approves the proposal the first try made when the retry says it exists', async () => {
    const { api } = fakeApi([
      refusal(504, 'SERVICE_TIMEOUT'),
      () => {
        throw new ApiError('POST', '/x', 409, { code: 'DECISION_ALREADY_PROPOSED', decisionId: 'd-1' });
      },
      () => approved,
    ]);
    expect(await decide(api, propose(api), 'approver')).toEqual(approved);
  }, 10_000);

  it('gives a refusal that cannot be waited out as it is', async () => {
    const { api } = fakeApi([refusal(503, 'SERVICE_UNAVAILABLE'), refusal(409, 'SEAL_NOT_CONFIRMED')]);
    await expect(decide(api, propose(api), 'approver')).rejects.toMatchObject({
      body: { code: 'SEAL_NOT_CONFIRMED' },
    });
  }, 10_000);
});
