import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import type { MsgHdrs } from 'nats';
import type { Caller } from '@jlis/contracts';
import { randomUUID } from 'node:crypto';
import { from, lastValueFrom, Observable, tap, throwError } from 'rxjs';
import { Consistency, MIN_POSITION_HEADER, POSITIONED, WANT_POSITION_HEADER } from '../consistency/consistency';
import { DomainError } from '../errors/domain-error';
import type { Logger } from '../logging/logger';
import { Metrics, secondsSince } from '../observability/metrics';
import { endSpan, SpanKind, trace, traceContext, traceContextOf, tracer } from '../observability/tracing';
import { CALLER_ASSERTION_HEADER, CallerAssertionVerifier } from '../security/caller-assertion';
import { REQUEST_ID_HEADER, RequestContext } from './request-context';

/**
 * Puts the NATS `x-request-id` header and the caller into the request context of a handler. The caller is the one the
 * gateway signed for this very request (subject, payload, expiry, unique id): a request without such an assertion is
 * refused here, and the assertion's caller replaces whatever `caller` the payload carries before validation, so no
 * handler ever sees an unsigned one.
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  constructor(
    private readonly verifier: CallerAssertionVerifier,
    private readonly logger: Logger,
    private readonly metrics?: Metrics,
    /** Names this service's spans. */
    private readonly service = 'service',
    /** Read-your-writes: waits for this service's consumer and publishes a command's events before it answers. */
    private readonly consistency?: Consistency,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = context.switchToRpc();
    const nats = rpc.getContext<NatsContext>();
    const headers = nats.getHeaders?.();
    const requestId = headers?.get(REQUEST_ID_HEADER) || randomUUID();
    const subject = nats.getSubject();
    const started = process.hrtime.bigint();
    // The request continues the caller's trace (headers); the handler, its queries and its outbox rows run inside it.
    const parent = traceContextOf(headers);
    const span = tracer(this.service).startSpan(
      subject,
      { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'nats', 'rpc.method': subject } },
      parent,
    );
    const traced = trace.setSpan(parent, span);
    const count = (outcome: string) => {
      this.metrics?.rpcHandled.inc({ subject, outcome });
      this.metrics?.rpcHandleDuration.observe({ subject }, secondsSince(started));
      if (outcome === 'ok') endSpan(span);
      else endSpan(span, { code: outcome });
    };
    const data = rpc.getData<unknown>();
    const carriesCaller = data !== null && typeof data === 'object' && 'caller' in data;
    let caller: Caller | null;
    try {
      caller = this.verifier.verify(headers?.get(CALLER_ASSERTION_HEADER) || undefined, nats.getSubject(), data);
      if (carriesCaller && !caller) {
        throw new DomainError(
          'CALLER_ASSERTION_INVALID',
          'The caller assertion names no caller, and this request acts for one.',
        );
      }
    } catch (error) {
      if (error instanceof DomainError)
        this.logger.warn({ code: error.code, subject: nats.getSubject(), requestId }, 'caller assertion refused');
      count(outcomeOf(error));
      return throwError(() => error);
    }
    if (carriesCaller) (data as { caller?: Caller }).caller = caller ?? undefined;
    // Subscribing inside run() keeps the context for the handler, which runs on subscription.
    return new Observable((subscriber) =>
      traceContext.with(traced, () =>
        RequestContext.run(
          {
            requestId,
            caller: caller ?? undefined,
            operation: { subject: nats.getSubject(), objectIds: objectIdsOf(data) },
            consistency: { written: [] },
          },
          () =>
            (this.consistency ? from(this.consistently(this.consistency, next, headers)) : next.handle())
              .pipe(tap({ complete: () => count('ok'), error: (error: unknown) => count(outcomeOf(error)) }))
              .subscribe(subscriber),
        ),
      ),
    );
  }

  /**
   * The handler, read-your-writes (docs/api.md § Consistency tokens): a read at a position waits until this service has
   * applied the stream up to it; a refusal that may only mean "not seen yet" is checked once more after this service has
   * caught up with the stream; a command's events are published before it answers, and the gateway learns where.
   */
  private async consistently(
    consistency: Consistency,
    next: CallHandler,
    headers: MsgHdrs | undefined,
  ): Promise<unknown> {
    const startedAt = Date.now();
    const run = () => lastValueFrom(next.handle(), { defaultValue: undefined });
    const minPosition = Number(headers?.get(MIN_POSITION_HEADER) || 0);
    if (minPosition > 0 && !(await consistency.catchUp(minPosition))) throw consistency.notYetAt(minPosition);
    let value: unknown;
    try {
      value = await run();
    } catch (error) {
      if (!(error instanceof DomainError) || !error.awaitsEvents) throw error;
      await consistency.catchUp();
      try {
        value = await run();
      } catch (again) {
        throw consistency.withRetryAfter(again);
      }
    }
    const position = await consistency.publishOwn(RequestContext.current()?.consistency?.written ?? [], startedAt);
    return position !== undefined && headers?.get(WANT_POSITION_HEADER) ? { [POSITIONED]: position, value } : value;
  }
}

/** What a payload names besides its content: the path parameters the gateway put beside the body. */
const NOT_OBJECT_IDS = new Set(['caller', 'body', 'file', 'idempotencyKey']);
function objectIdsOf(data: unknown): Record<string, unknown> {
  if (data === null || typeof data !== 'object') return {};
  return Object.fromEntries(Object.entries(data).filter(([key]) => !NOT_OBJECT_IDS.has(key)));
}

/** `ok`, or the error's stable code (a bounded set), or `INTERNAL` for anything unexpected. */
export function outcomeOf(error: unknown): string {
  return error instanceof DomainError ? error.code : 'INTERNAL';
}
