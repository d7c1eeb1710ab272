import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { FieldError } from '@jlis/contracts';
import { DomainError, isUnavailable, Logger, RequestContext } from '@jlis/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
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

/**
 * Behind a 5xx a service's details describe the failure's internals (the subject asked, the driver's message): only
 * these members, which say which service to wait for and when, reach the client; the rest is logged.
 */
const SHOWN_BEHIND_5XX = new Set(['service', 'unavailable', 'retryAfterSeconds']);

/** An error Fastify raised before a route ran (parser, URL, body length): `FST_ERR_…` with the status it chose. */
interface FastifyError {
  name: string;
  code: string;
  statusCode?: number;
}

const isFastifyError = (error: unknown): error is FastifyError =>
  error instanceof Error && String((error as { code?: unknown }).code).startsWith('FST_ERR');

/**
 * The one error mapper of the HTTP API: every failure leaves as application/problem+json (RFC 9457) with
 * a stable `code`; validation failures name their fields. Only unknown errors become 500, and those are logged.
 * A 5xx answer says what happened, which service to wait for, and the requestId — never internals (subjects, driver
 * messages, causes): those go to the log line with the same requestId.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    // Errors raised before the route ran (parsers, unknown routes) come without the request's async context.
    const problem = this.toProblem(exception, RequestContext.current()?.requestId ?? request.id);
    problem.instance = request.url;
    if (problem.status >= 500) {
      this.logger.error({ err: exception, code: problem.code, requestId: problem.requestId }, problem.detail);
    }
    // A rate limit, or a PRECONDITION_NOT_YET_KNOWN still given after the service waited for its events (api.md).
    if (typeof problem.retryAfterSeconds === 'number') {
      void reply.header('retry-after', String(problem.retryAfterSeconds));
    }
    void reply.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  toProblem(exception: unknown, requestId = RequestContext.requestId()): Problem {
    const make = (status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem => {
      // A service's details become extension members, but never replace the members RFC 9457 and portals rely on.
      const shown: Partial<Problem> =
        status >= 500 ? Object.fromEntries(Object.entries(extra).filter(([key]) => SHOWN_BEHIND_5XX.has(key))) : extra;
      const extensions = Object.fromEntries(Object.entries(shown).filter(([key]) => !RESERVED.has(key)));
      const clashing = Object.fromEntries(
        Object.entries(shown).filter(([key]) => RESERVED.has(key) && key !== 'errors'),
      );
      return {
        ...extensions,
        ...(Object.keys(clashing).length ? { details: clashing } : {}),
        ...(shown.errors ? { errors: shown.errors } : {}),
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
    // Nest hands Fastify's own errors over as HttpExceptions with Fastify's status; both are mapped by status.
    const status =
      exception instanceof HttpException
        ? exception.getStatus()
        : isFastifyError(exception)
          ? exception.statusCode
          : undefined;
    if (status !== undefined) {
      if (status === 404) return make(404, 'NOT_FOUND', 'No such route. See /api/docs for the API.');
      if (status === 413) return make(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than this route accepts.');
      if (status === 415) {
        return make(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the body as UTF-8 JSON (application/json), or as multipart/form-data where the route takes a file.',
        );
      }
      if (status < 500) {
        const message = exception instanceof Error ? exception.message : '';
        return make(status, 'BAD_REQUEST', message || 'The request could not be read.');
      }
      if (status === 503) {
        return make(503, 'SERVICE_UNAVAILABLE', 'The gateway cannot take this request right now; try again shortly.');
      }
      return make(status, 'INTERNAL', 'An internal error occurred; it has been logged with this requestId.');
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
