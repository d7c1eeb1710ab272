import { context, propagation, trace } from '@opentelemetry/api';
import { headers } from 'nats';
import { activeTraceId, currentTraceparent, injectTraceHeaders, startTracing, traceContextOf } from './tracing';

describe('tracing', () => {
  afterEach(() => {
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('is off without OTEL_EXPORTER_OTLP_ENDPOINT: no SDK registered, no span recorded, nothing in any header', async () => {
    expect(await startTracing('intake', {})).toBeUndefined();
    const span = trace.getTracer('jlis.intake').startSpan('x');
    expect(span.isRecording()).toBe(false);
    expect(propagation.fields()).toEqual([]);
    const h = headers();
    injectTraceHeaders(h, trace.setSpan(context.active(), span));
    expect(h.keys()).toEqual([]);
    expect(currentTraceparent()).toBeNull();
    expect(activeTraceId()).toBeUndefined();
  });

  it('with an endpoint registers the SDK: W3C context in NATS headers, the trace id for log lines', async () => {
    const handle = await startTracing('intake', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    expect(handle).toBeDefined();
    expect(propagation.fields()).toEqual(expect.arrayContaining(['traceparent']));
    const tracer = trace.getTracer('jlis.intake');
    await tracer.startActiveSpan('request', async (span) => {
      const { traceId, spanId } = span.spanContext();
      expect(activeTraceId()).toBe(traceId);
      expect(currentTraceparent()).toBe(`00-${traceId}-${spanId}-01`);
      const h = headers();
      injectTraceHeaders(h);
      expect(h.get('traceparent')).toBe(`00-${traceId}-${spanId}-01`);
      // The receiving side continues the same trace.
      const remote = trace.getSpanContext(traceContextOf(h));
      expect(remote).toMatchObject({ traceId, spanId, isRemote: true });
      span.end();
    });
    // Its exporter cannot reach port 9; shutting down must not hang or throw.
    await handle!.shutdown().catch(() => undefined);
  });
});
