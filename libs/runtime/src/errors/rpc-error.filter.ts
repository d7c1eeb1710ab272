import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { isRpcErrorPayload, RpcErrorPayload } from '@jlis/contracts';
import { Observable, throwError } from 'rxjs';
import type { Logger } from '../logging/logger';
import { DomainError } from './domain-error';

/**
 * Every error leaving a service handler crosses NATS as a coded payload. Domain errors keep their code;
 * anything else is logged here with its stack and answered as INTERNAL without internals.
 */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => this.toPayload(exception));
  }

  private toPayload(exception: unknown): RpcErrorPayload {
    if (exception instanceof DomainError) return exception.toPayload();
    if (exception instanceof RpcException) {
      const error = exception.getError();
      if (isRpcErrorPayload(error)) return error;
    }
    if (isUniqueViolation(exception)) {
      // Two requests raced for something unique (the first one's check saw nothing yet): the client's request is
      // fine, the thing exists. The constraint's name stays in the log, never in the answer.
      this.logger.warn({ err: exception }, 'unique violation answered as ALREADY_EXISTS');
      return {
        code: 'ALREADY_EXISTS',
        status: 409,
        message:
          '同じものがすでに登録されています（同時に送られた別の要求が先に登録しました）。現在の内容をご確認ください。 / This already exists: another request registered it first. Read the current state before trying again.',
      };
    }
    if (isUnavailable(exception) || isDatabaseTimeout(exception)) {
      this.logger.warn({ err: exception }, 'database or broker unavailable, or a database timeout');
      return {
        code: 'SERVICE_UNAVAILABLE',
        status: 503,
        message:
          'A database or message broker is briefly unavailable; the request was not completed. Try again shortly.',
      };
    }
    this.logger.error({ err: exception }, 'unhandled error in handler');
    return { code: 'INTERNAL', status: 500, message: 'An internal error occurred; it has been logged.' };
  }
}

/**
 * Codes that mean "the server went away", not "the request was wrong": socket errors, Postgres SQLSTATEs of a
 * shutdown, a lost connection or no connection slot left, and NATS client errors of a restarting broker (JetStream API timeouts included).
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  // too_many_connections: Postgres has no connection slot left (max_connections, shared with other clients of the
  // server). The request did not run; it can once a slot frees — an outage of a moment, not an internal error.
  '53300',
  'TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_DRAINING',
  'CONNECTION_REFUSED',
  'DISCONNECT',
  '503',
]);

/**
 * statement_timeout (57014) or lock_timeout (55P03) cut the request short: retryable, so 503 for a request. Not part
 * of isUnavailable: a consumer counts it as a failed run (a query that is always too slow must end parked, not pause
 * the consumer for ever).
 */
export function isDatabaseTimeout(error: unknown): boolean {
  return sqlStateOf(error) === '57014' || sqlStateOf(error) === '55P03';
}

function sqlStateOf(error: unknown): unknown {
  const candidates = [error, (error as { driverError?: unknown })?.driverError];
  return candidates.map((e) => (e && typeof e === 'object' ? (e as { code?: unknown }).code : undefined)).find(Boolean);
}

/** Postgres SQLSTATE 23505, as TypeORM's QueryFailedError or the driver's error. */
export function isUniqueViolation(error: unknown): boolean {
  return sqlStateOf(error) === '23505';
}

/** A failure of the infrastructure under a request (a Postgres restart, a lost connection): retryable, so 503. */
export function isUnavailable(error: unknown): boolean {
  const candidates = [error, (error as { driverError?: unknown })?.driverError, (error as { cause?: unknown })?.cause];
  return candidates.some((e) => {
    if (!e || typeof e !== 'object') return false;
    const { code, message } = e as { code?: unknown; message?: unknown };
    return (
      (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) ||
      (typeof message === 'string' &&
        /Connection terminated|connection is closed|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(
          message,
        ))
    );
  });
}
