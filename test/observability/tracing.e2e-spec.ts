import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { eventually } from '@jlis/testing';
import { Client } from 'pg';
import { TestSuite } from '../suite';

/**
 * One A-1 is one trace: the gateway's HTTP span, its request over NATS, intake answering it, intake's relay
 * publishing the event its transaction wrote, and notifications consuming that event — each span the child of the
 * one before, the context carried in NATS headers (and in the outbox row between intake's transaction and its
 * relay), never in the event envelope — and the SMTP delivery of the mail it stored (the context kept on the mail row).
 * The SDK is registered here with an in-memory exporter, as main.ts registers it
 * with an OTLP one when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 */
describe('traces across the suite', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let suite: TestSuite;

  beforeAll(async () => {
    provider.register();
    suite = await TestSuite.start();
  }, 120_000);

  afterAll(async () => {
    await suite?.destroy();
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  const scope = (span: ReadableSpan) => span.instrumentationScope.name;
  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

  it('follows an A-1 from the gateway through intake and its event into notifications', async () => {
    const applicant = await suite.token({ role: 'applicant', org: '131016', sub: 'chiyoda-yamada' });
    const answer = await suite.http('POST', '/api/v1/applications', {
      token: applicant,
      body: {
        organizationCode: '131016',
        verifierName: '千代田区',
        verifierKinds: ['signature'],
        department: '政策経営部情報政策課',
        contact: { name: '山田 太郎', phone: '03-3264-2111', email: 'jpki@city.chiyoda.example.lg.jp' },
      },
    });
    expect(answer.status).toBe(201);

    const spans = () => exporter.getFinishedSpans();
    const http = await eventually(
      async () => spans().find((s) => scope(s) === 'jlis.gateway' && s.name === 'POST /api/v1/applications'),
      10_000,
    );
    const traceId = http.spanContext().traceId;
    const inTrace = () => spans().filter((s) => s.spanContext().traceId === traceId);
    // notifications consumes the event intake published (a mail to J-LIS is stored for it).
    const consumed = await eventually(
      async () => inTrace().find((s) => scope(s) === 'jlis.notifications' && s.kind === SpanKind.CONSUMER),
      20_000,
    );

    const one = (pick: (s: ReadableSpan) => boolean, what: string) => {
      const found = inTrace().filter(pick);
      if (found.length !== 1)
        throw new Error(
          `${what}: ${found.length} spans in ${JSON.stringify(inTrace().map((s) => [scope(s), s.name]))}`,
        );
      return found[0];
    };
    const client = one((s) => scope(s) === 'jlis.gateway' && s.kind === SpanKind.CLIENT, 'the gateway’s request');
    const server = one((s) => scope(s) === 'jlis.intake' && s.kind === SpanKind.SERVER, 'intake answering');
    const publish = one(
      (s) => scope(s) === 'jlis.intake' && s.kind === SpanKind.PRODUCER && parentOf(s) === server.spanContext().spanId,
      'the relay publishing the A-1 event',
    );

    expect(http.kind).toBe(SpanKind.SERVER);
    expect(http.attributes['http.response.status_code']).toBe(201);
    expect(parentOf(http)).toBeUndefined();
    expect(parentOf(client)).toBe(http.spanContext().spanId);
    expect(client.name).toBe(server.name); // the NATS subject
    expect(parentOf(server)).toBe(client.spanContext().spanId);
    expect(parentOf(consumed)).toBe(publish.spanContext().spanId);
    expect(consumed.name).toBe(publish.name.replace(/^publish /, 'process '));
    expect(consumed.attributes['jlis.event.applied']).toBe(true);

    // The mail notifications stored for the event is delivered over SMTP in a span of the same trace, under the span
    // that stored it — later, from the stored row's trace_parent, not from anything still in memory.
    const sent = await eventually(
      async () =>
        inTrace().find(
          (s) => scope(s) === 'jlis.notifications' && s.kind === SpanKind.CLIENT && s.name.startsWith('send mail '),
        ),
      30_000,
    );
    const processed = inTrace()
      .filter((s) => scope(s) === 'jlis.notifications' && s.kind === SpanKind.CONSUMER)
      .map((s) => s.spanContext().spanId);
    expect(processed).toContain(parentOf(sent));
    expect(sent.status.code).not.toBe(SpanStatusCode.ERROR); // the loopback SMTP server took it
    expect(suite.smtp.mails.map((m) => m.parsed.subject)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^申請手続開始依頼/)]),
    );

    // The context rode the outbox row and the message headers; the envelope the services exchange is unchanged.
    const db = new Client({ connectionString: suite.db.url });
    await db.connect();
    try {
      const rows: { trace_parent: string | null; envelope: Record<string, unknown> }[] = (
        await db.query(`SELECT trace_parent, envelope FROM intake.outbox WHERE envelope->>'type' = $1`, [
          publish.name.replace(/^publish /, ''),
        ])
      ).rows;
      expect(rows).toHaveLength(1);
      expect(rows[0].trace_parent).toBe(`00-${traceId}-${server.spanContext().spanId}-01`);
      expect(JSON.stringify(rows[0].envelope)).not.toContain(traceId);
      const mails = (
        await db.query<{ trace_parent: string | null }>(`SELECT trace_parent FROM notifications.mail_message`)
      ).rows;
      expect(mails.map((m) => m.trace_parent)).toContain(`00-${traceId}-${parentOf(sent)}-01`);
    } finally {
      await db.end();
    }
  });
});
