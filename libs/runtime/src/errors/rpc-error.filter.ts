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
    if (isUnavailable(exception)) {
      this.logger.warn({ err: exception }, 'database or broker unavailable');
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
 * shutdown or lost connection, and NATS client errors of a restarting broker (JetStream API timeouts included).
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
  'TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_DRAINING',
  'CONNECTION_REFUSED',
  'DISCONNECT',
  '503',
]);

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
