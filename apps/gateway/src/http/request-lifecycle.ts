import type { Caller, CaseParties } from '@jlis/contracts';
import {
  CONSISTENCY_TOKEN_HEADER,
  ConsistencyState,
  DomainError,
  endSpan,
  Logger,
  Metrics,
  REQUEST_ID_HEADER,
  RequestContext,
  RequestContextData,
  ROOT_CONTEXT,
  SpanKind,
  trace,
  traceContext,
  tracer,
} from '@jlis/runtime';
import { propagation, type Context, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's correlation context (request id, caller once authenticated). */
    context: RequestContextData | null;
    /** The request's trace context (its server span), when tracing is on. */
    trace: Context | null;
    span: Span | null;
    caller: Caller | null;
    case: CaseParties | null;
  }
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Correlation: the caller's x-request-id when it is a plain token, else a new one; it rides every log line and NATS header. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * What every request goes through besides its route: the request id on the answer, the async context that carries
 * it (and the caller) into RPCs and log lines, one log line when it is answered, and closing the connection when the
 * answer leaves part of the body unread (a refused or oversized upload), so that the rest is never read.
 */
export function registerRequestLifecycle(
  fastify: FastifyInstance,
  logger: Logger,
  metrics?: Metrics,
  /** The EVENTS stream's last position: the token of a command none of whose RPCs said where its events landed. */
  lastPosition?: () => Promise<number>,
): void {
  // Declared up front so that every request object has the same shape.
  fastify.decorateRequest('context', null);
  fastify.decorateRequest('trace', null);
  fastify.decorateRequest('span', null);
  fastify.decorateRequest('caller', null);
  fastify.decorateRequest('case', null);

  const spans = tracer('gateway');
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    request.context = { requestId: request.id, consistency: {} };
    // A server span per request, continuing the caller's W3C trace context if it sent one (no-op when tracing is off).
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const route = request.routeOptions.url ?? 'unmatched';
    const span = spans.startSpan(
      `${request.method} ${route}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': route } },
      parent,
    );
    request.span = span;
    request.trace = trace.setSpan(parent, span);
    traceContext.with(request.trace, () => RequestContext.run(request.context!, done));
  });
  fastify.addHook('onRequest', (request, _reply, done) => {
    try {
      request.context!.consistency = consistencyOf(request);
      done();
    } catch (error) {
      done(error as Error);
    }
  });
  // The body arrives on socket events outside that context: enter it again right before the route runs.
  fastify.addHook('preHandler', (request, _reply, done) => {
    traceContext.with(request.trace ?? ROOT_CONTEXT, () =>
      RequestContext.run(request.context ?? { requestId: request.id }, done),
    );
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    if (request.span) {
      request.span.setAttribute('http.response.status_code', reply.statusCode);
      endSpan(request.span, reply.statusCode >= 500 ? { code: String(reply.statusCode) } : undefined);
    }
    done();
  });

  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (bodyUnread(request.raw)) void reply.header('connection', 'close');
    done(null, payload);
  });

  // A command's answer carries its consistency token: where the events it wrote are in the stream (docs/api.md).
  fastify.addHook('onSend', async (request, reply, payload) => {
    const consistency = request.context?.consistency;
    if (!consistency?.wanted || reply.statusCode >= 300) return payload;
    let position = consistency.position;
    if (position === undefined && lastPosition) {
      // It wrote nothing itself (an Idempotency-Key replay, nothing to change): everything so far is a safe token.
      position = await lastPosition().catch((error: unknown) => {
        logger.warn({ err: error, requestId: request.id }, 'no consistency token: the stream cannot be read');
        return undefined;
      });
    }
    if (position !== undefined) void reply.header(CONSISTENCY_TOKEN_HEADER, String(position));
    return payload;
  });

  // By route template, never the path: ids in paths would make a series per object. Unknown paths share one label.
  if (metrics) {
    fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const method = request.method;
      metrics.httpRequests.inc({ method, route, status: String(reply.statusCode) });
      metrics.httpDuration.observe({ method, route }, reply.elapsedTime / 1000);
      done();
    });
  }

  // One line per request at info, no headers: a plain object, no child logger or serializer per request.
  if (logger.isLevelEnabled('info')) {
    fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
      const traceId = request.span?.spanContext().traceId;
      logger.info(
        {
          requestId: request.id,
          ...(traceId && request.span?.isRecording() ? { traceId } : {}),
          method: request.method,
          route: request.routeOptions.url,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
        },
        'request',
      );
      done();
    });
  }
}

/**
 * Read-your-writes: a command wants to know where its events landed; a read that names a `minVersion` (the
 * consistency token of an earlier answer) is answered once the services it asks have applied the stream up to it.
 * `minVersion` is taken out of the query here, so routes never see it; anything but a whole number is refused.
 */
function consistencyOf(request: FastifyRequest): ConsistencyState {
  if (request.method !== 'GET' && request.method !== 'HEAD') return { wanted: true };
  const query = request.query as Record<string, unknown> | undefined;
  if (!query || !('minVersion' in query)) return {};
  const given = query.minVersion;
  delete query.minVersion;
  if (typeof given !== 'string' || !/^\d{1,15}$/.test(given)) {
    throw DomainError.validation([
      { field: 'minVersion', message: 'minVersion must be a consistency token: a whole number from an earlier answer' },
    ]);
  }
  const position = Number(given);
  return position > 0 ? { minPosition: position } : {};
}

/** A request that announced a body and has not been read to its end. */
function bodyUnread(req: IncomingMessage): boolean {
  if (req.complete) return false;
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}
