import { ArgumentsHost } from '@nestjs/common';
import type { RpcErrorPayload } from '@jlis/contracts';
import type { Logger } from '../logging/logger';
import { isDatabaseTimeout, isUnavailable, isUniqueViolation, RpcErrorFilter } from './rpc-error.filter';

describe(isUnavailable.name, () => {
  it('recognises a Postgres shutdown, a refused connection and a terminated client as unavailability', () => {
    expect(
      isUnavailable({ driverError: { code: '57P01', message: 'terminating connection due to administrator command' } }),
    ).toBe(true);
    expect(
      isUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    // Seen when several suites shared one Postgres: every slot taken, the request never ran.
    expect(isUnavailable({ code: '53300', message: 'sorry, too many clients already' })).toBe(true);
    expect(isUnavailable(Object.assign(new Error('TIMEOUT'), { name: 'NatsError', code: 'TIMEOUT' }))).toBe(true);
  });

  it('leaves real faults alone', () => {
    expect(isUnavailable(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(
      isUnavailable({ driverError: { code: '23505', message: 'duplicate key value violates unique constraint' } }),
    ).toBe(false);
  });
});

describe(isUniqueViolation.name, () => {
  it('recognises SQLSTATE 23505 from TypeORM and from the driver, and nothing else', () => {
    expect(isUniqueViolation({ driverError: { code: '23505' } })).toBe(true);
    expect(isUniqueViolation(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(true);
    expect(isUniqueViolation({ driverError: { code: '23503' } })).toBe(false);
    expect(isUniqueViolation(new Error('duplicate key value'))).toBe(false);
  });
});

describe(isDatabaseTimeout.name, () => {
  it('recognises statement and lock timeouts', () => {
    expect(isDatabaseTimeout({ driverError: { code: '57014' } })).toBe(true);
    expect(isDatabaseTimeout({ driverError: { code: '55P03' } })).toBe(true);
    expect(isDatabaseTimeout({ driverError: { code: '23505' } })).toBe(false);
  });
});

describe(RpcErrorFilter.name, () => {
  const logger = { warn: jest.fn(), error: jest.fn() } as unknown as Logger;
  const answer = (exception: unknown) =>
    new Promise<RpcErrorPayload>((resolve) =>
      new RpcErrorFilter(logger).catch(exception, {} as ArgumentsHost).subscribe({ error: resolve }),
    );

  it('answers a unique violation 409 ALREADY_EXISTS in Japanese and English, without the constraint', async () => {
    const payload = await answer({
      driverError: { code: '23505', message: 'duplicate key value violates unique constraint "contractor_key"' },
    });
    expect(payload).toMatchObject({ code: 'ALREADY_EXISTS', status: 409 });
    expect(payload.message).toMatch(/すでに登録されています/);
    expect(payload.message).not.toContain('contractor_key');
  });

  it('answers a statement or lock timeout 503', async () => {
    expect(await answer({ driverError: { code: '57014' } })).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      status: 503,
    });
  });
});
