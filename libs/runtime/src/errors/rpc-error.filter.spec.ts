import { isUnavailable } from './rpc-error.filter';

describe(isUnavailable.name, () => {
  it('recognises a Postgres shutdown, a refused connection and a terminated client as unavailability', () => {
    expect(
      isUnavailable({ driverError: { code: '57P01', message: 'terminating connection due to administrator command' } }),
    ).toBe(true);
    expect(
      isUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isUnavailable(Object.assign(new Error('TIMEOUT'), { name: 'NatsError', code: 'TIMEOUT' }))).toBe(true);
  });

  it('leaves real faults alone', () => {
    expect(isUnavailable(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(
      isUnavailable({ driverError: { code: '23505', message: 'duplicate key value violates unique constraint' } }),
    ).toBe(false);
  });
});
