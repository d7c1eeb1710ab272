import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { FieldError } from '@jlis/contracts';
import { DomainError, isUnavailable, Logger, RequestContext } from '@jlis/runtime';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const RESERVED = new Set(['type', 'title', 'status', 'detail', 'code', 'instance', 'requestId', 'errors', 'details']);

/** Errors raised by Express' body parser before Nest sees the request. */
interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
}

/**
 * The one error mapper of the HTTP API: every failure leaves as application/problem+json (RFC 9457) with
 * a stable `code`; validation failures name their fields. Only unknown errors become 500, and those are logged.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<{ originalUrl?: string }>();
    const problem = this.toProblem(exception);
    problem.instance = request.originalUrl;
    if (problem.status >= 500) this.logger.error({ err: exception, code: problem.code }, problem.detail);
    if (problem.status === 429 && typeof problem.retryAfterSeconds === 'number') {
      response.setHeader('Retry-After', String(problem.retryAfterSeconds));
    }
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  toProblem(exception: unknown): Problem {
    const requestId = RequestContext.requestId();
    const make = (status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem => {
      // A service's details become extension members, but never replace the members RFC 9457 and portals rely on.
      const extensions = Object.fromEntries(Object.entries(extra).filter(([key]) => !RESERVED.has(key)));
      const clashing = Object.fromEntries(
        Object.entries(extra).filter(([key]) => RESERVED.has(key) && key !== 'errors'),
      );
      return {
        ...extensions,
        ...(Object.keys(clashing).length ? { details: clashing } : {}),
        ...(extra.errors ? { errors: extra.errors } : {}),
        type: `urn:jlis:problem:${code.toLowerCase().replace(/_/g, '-')}`,
        title: STATUS_CODES[status] ?? 'Error',
        status,
        detail,
        code,
        requestId,
      };
    };
    if (exception instanceof DomainError) {
      return make(exception.status, exception.code, exception.message, {
        ...(exception.errors ? { errors: exception.errors } : {}),
        ...(exception.details ? exception.details : {}),
      });
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code =
        status === 404 ? 'NOT_FOUND' : status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
      const detail = status === 404 ? 'No such route. See /api/docs for the API.' : exception.message;
      return make(status, code, detail);
    }
    const parser = exception as BodyParserError;
    if (parser?.type === 'entity.too.large') {
      return make(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than this route accepts.');
    }
    if (parser?.type === 'entity.parse.failed') {
      return make(400, 'VALIDATION_FAILED', 'The request body is not valid JSON.', {
        errors: [{ field: 'body', message: 'must be valid JSON' }],
      });
    }
    if (parser?.type === 'charset.unsupported' || parser?.type === 'encoding.unsupported') {
      return make(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as UTF-8 JSON.');
    }
    if (isUnavailable(exception)) {
      return make(
        503,
        'SERVICE_UNAVAILABLE',
        'A message broker or database is briefly unavailable; the request was not completed. Try again shortly.',
      );
    }
    return make(500, 'INTERNAL', 'An internal error occurred; it has been logged with this requestId.');
  }
}
