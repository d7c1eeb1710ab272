import { ClientProxy, ClientProxyFactory, NatsRecordBuilder, Transport } from '@nestjs/microservices';
import { Caller, isRpcErrorPayload, RpcErrorPayload } from '@jlis/contracts';
import { ConnectionOptions, headers as natsHeaders } from 'nats';
import { lastValueFrom, timeout, TimeoutError } from 'rxjs';
import {
  isPositionedReply,
  MIN_POSITION_HEADER,
  POSITIONED,
  PositionedReply,
  WANT_POSITION_HEADER,
} from '../consistency/consistency';
import { REQUEST_ID_HEADER, RequestContext } from '../context/request-context';
import { DomainError } from '../errors/domain-error';
import { Metrics, secondsSince } from '../observability/metrics';
import { endSpan, injectTraceHeaders, SpanKind, trace, traceContext, tracer } from '../observability/tracing';
import { CALLER_ASSERTION_HEADER, CallerAssertionSigner } from '../security/caller-assertion';

export interface RpcCallOptions {
  timeoutMs?: number;
  /**
   * false: the request reads only what the answering service owns (the case's parties at intake, for a guard), so the
   * read's `minVersion` does not make it wait for that service's consumer.
   */
  atMinPosition?: boolean;
}

/**
 * The one way to call a service: NATS request/reply through Nest's transport, the correlation id in the
 * `x-request-id` header, the caller in a signed assertion (header x-jlis-caller), a timeout on every call, and coded
 * errors turned back into DomainErrors.
 */
export class RpcClient {
  private readonly proxy: ClientProxy;

  /**
   * `connection`: the caller's NATS identity and inbox (ServiceConfig.natsOptions), e.g. the gateway's; `signer`: the
   * gateway's caller-assertion key (services accept no request without its signature).
   */
  constructor(
    connection: ConnectionOptions,
    private readonly defaultTimeoutMs: number,
    private readonly signer: CallerAssertionSigner,
    private readonly metrics?: Metrics,
    /** Names the caller's spans (its tracer's scope). */
    private readonly tracerName = 'gateway',
  ) {
    this.proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: connection });
  }

  async connect(): Promise<void> {
    await this.proxy.connect();
  }

  async close(): Promise<void> {
    await this.proxy.close();
  }

  async request<R>(subject: string, payload: object, opts: RpcCallOptions = {}): Promise<R> {
    const started = process.hrtime.bigint();
    let outcome = 'ok';
    const span = tracer(this.tracerName).startSpan(subject, {
      kind: SpanKind.CLIENT,
      attributes: { 'rpc.system': 'nats', 'rpc.method': subject },
    });
    try {
      return await traceContext.with(trace.setSpan(traceContext.active(), span), () =>
        this.send<R>(subject, payload, opts),
      );
    } catch (error) {
      outcome = error instanceof DomainError ? error.code : 'INTERNAL';
      span.setAttribute('jlis.outcome', outcome);
      throw error;
    } finally {
      if (outcome === 'ok') endSpan(span);
      else endSpan(span, { code: outcome });
      this.metrics?.rpcClientRequests.inc({ subject, outcome });
      this.metrics?.rpcClientDuration.observe({ subject }, secondsSince(started));
    }
  }

  private async send<R>(subject: string, payload: object, opts: RpcCallOptions): Promise<R> {
    const timeoutMs = opts.timeoutMs ?? this.defaultTimeoutMs;
    const headers = natsHeaders();
    headers.set(REQUEST_ID_HEADER, RequestContext.requestId());
    // W3C trace context (traceparent), when tracing is on: the service's span continues this one.
    injectTraceHeaders(headers);
    // The caller the gateway's guard authenticated for this HTTP request; tools without one assert the payload's.
    const caller = RequestContext.current()?.caller ?? (payload as { caller?: Caller }).caller;
    headers.set(CALLER_ASSERTION_HEADER, this.signer.sign(subject, payload, caller));
    // Read-your-writes (docs/api.md § Consistency tokens): the position a read must reflect; whether a command's answer
    // should say where its events landed (the gateway keeps the highest, for the HTTP answer's Consistency-Token).
    const consistency = RequestContext.current()?.consistency;
    if (consistency?.minPosition && opts.atMinPosition !== false)
      headers.set(MIN_POSITION_HEADER, String(consistency.minPosition));
    if (consistency?.wanted) headers.set(WANT_POSITION_HEADER, '1');
    const record = new NatsRecordBuilder(payload).setHeaders(headers).build();
    const service = subject.split('.')[0];
    try {
      const reply = await lastValueFrom(this.proxy.send<R | PositionedReply>(subject, record).pipe(timeout(timeoutMs)));
      if (!isPositionedReply(reply)) return reply;
      if (consistency) consistency.position = Math.max(consistency.position ?? 0, reply[POSITIONED]);
      return reply.value as R;
    } catch (error) {
      if (error instanceof TimeoutError) {
        throw new DomainError(
          'SERVICE_TIMEOUT',
          `The ${service} service did not answer within ${timeoutMs} ms. It may be down or overloaded; try again shortly.`,
          { service, subject },
        );
      }
      if (isRpcErrorPayload(error)) {
        if (error.code.startsWith('CALLER_ASSERTION_')) throw assertionRefused(service, error);
        throw DomainError.fromPayload(error);
      }
      if (error instanceof DomainError) throw error;
      throw new DomainError(
        'SERVICE_UNAVAILABLE',
        `The ${service} service cannot be reached right now; try again shortly.`,
        {
          service,
          subject,
          cause: error instanceof Error ? error.message : String(error),
        },
      );
    }
  }
}

/**
 * A service refused the assertion this client signed: a key or clock out of step between the gateway and the service,
 * never the HTTP client's fault. It answers 500 without internals; the service's code stays in `cause` for the log.
 */
function assertionRefused(service: string, refusal: RpcErrorPayload): DomainError {
  const error = new DomainError('INTERNAL', 'The request could not be passed on to a service; it has been logged.');
  error.cause = { service, code: refusal.code, message: refusal.message };
  return error;
}
