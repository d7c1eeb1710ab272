import {
  Context,
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  TextMapGetter,
  TextMapSetter,
  trace,
  Tracer,
} from '@opentelemetry/api';
import type { MsgHdrs } from 'nats';

/**
 * Traces (OpenTelemetry). W3C trace context travels in NATS headers (`traceparent`, `tracestate`) — on every request
 * and every JetStream event — never in the event envelope, which is the event's own record. The outbox row keeps the
 * context of the transaction that wrote it, so the relay's publication continues that trace.
 *
 * Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set: then no SDK is loaded or registered at all, the API's no-op tracer
 * answers, and nothing is added to any header.
 */
export function tracer(service: string): Tracer {
  // The scope names the service: spans of six services in one test process stay told apart.
  return trace.getTracer(`jlis.${service}`);
}

export interface TracingHandle {
  shutdown(): Promise<void>;
}

/** main.ts: registers the SDK with an OTLP exporter when OTEL_EXPORTER_OTLP_ENDPOINT is set; else does nothing. */
export async function startTracing(
  service: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TracingHandle | undefined> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  // Loaded only when wanted, so a process without tracing carries none of the SDK.
  const [{ NodeTracerProvider }, { BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
    ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': env.OTEL_SERVICE_NAME || `jlis-${service}`,
      'service.instance.id': env.INSTANCE_ID || `${process.pid}`,
    }),
    // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (and _HEADERS, _TIMEOUT) itself.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // Registers the W3C trace-context propagator and the AsyncLocalStorage context manager with the API.
  provider.register();
  registered = provider;
  return provider;
}

let registered: TracingHandle | undefined;

/** Sends the spans still buffered (on shutdown); nothing when tracing is off. */
export async function shutdownTracing(): Promise<void> {
  await registered?.shutdown().catch(() => undefined);
  registered = undefined;
}

const natsSetter: TextMapSetter<MsgHdrs> = { set: (headers, key, value) => headers.set(key, value) };
const natsGetter: TextMapGetter<MsgHdrs | undefined> = {
  keys: (headers) => (headers ? headers.keys() : []),
  get: (headers, key) => headers?.get(key) || undefined,
};

/** Puts the current trace context (if any) into NATS headers. */
export function injectTraceHeaders(headers: MsgHdrs, ctx: Context = context.active()): void {
  propagation.inject(ctx, headers, natsSetter);
}

/** The trace context a NATS message carries (the root context when none). */
export function traceContextOf(headers: MsgHdrs | undefined): Context {
  return propagation.extract(ROOT_CONTEXT, headers, natsGetter);
}

/** The current trace context as a `traceparent` value, for an outbox row; null when not tracing. */
export function currentTraceparent(): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

/** The context a stored `traceparent` names. */
export function traceContextFrom(traceparent: string | null | undefined): Context {
  return traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
}

/** The trace id of the active span, for log lines; undefined when not tracing. */
export function activeTraceId(): string | undefined {
  const spanContext = trace.getSpan(context.active())?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/** Ends a span with an error status (and the error's code, never its message: messages may name people). */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    const code = (error as { code?: unknown })?.code;
    span.setStatus({ code: SpanStatusCode.ERROR, message: typeof code === 'string' ? code : 'INTERNAL' });
  }
  span.end();
}

export { context as traceContext, ROOT_CONTEXT, SpanKind, trace };
