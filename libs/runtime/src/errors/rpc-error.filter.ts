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
    this.logger.error({ err: exception }, 'unhandled error in handler');
    return { code: 'INTERNAL', status: 500, message: 'An internal error occurred; it has been logged.' };
  }
}
