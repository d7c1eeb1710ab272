import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds; from a fast RPC (a few ms) to the RPC timeout and a slow upload. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Something that sets gauges just before a scrape (a database count, a consumer's lag from JetStream). */
export type ScrapeCollector = () => Promise<void>;

/**
 * One process's (one service's) Prometheus metrics. Each service owns its registry rather than prom-client's global
 * one: the in-process test suite runs six services in one Node process, each answering its own scrapes.
 *
 * Labels are kept to bounded sets: route templates (never paths), NATS subjects (a fixed list in contracts), event
 * types, error codes, and a few fixed words. Never an id, a user, an organisation or a raw URL.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly collectors: ScrapeCollector[] = [];

  // Gateway: HTTP
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  // Every caller of a service (the gateway, tools): RPC over NATS
  readonly rpcClientRequests: Counter<'subject' | 'outcome'>;
  readonly rpcClientDuration: Histogram<'subject'>;
  // Every service: requests it answered
  readonly rpcHandled: Counter<'subject' | 'outcome'>;
  readonly rpcHandleDuration: Histogram<'subject'>;
  // Events
  readonly eventsApplied: Counter<'type'>;
  readonly eventsDuplicate: Counter<'type'>;
  readonly eventsFailed: Counter<'type'>;
  readonly deadLettered: Counter<'source'>;
  readonly consumerPending: Gauge<'consumer'>;
  readonly consumerAckPending: Gauge<'consumer'>;
  readonly consumerRedelivered: Gauge<'consumer'>;
  readonly consumerPaused: Gauge<'consumer'>;
  // Outbox and dead letters (rows in this service's schema)
  readonly outboxPending: Gauge;
  readonly outboxOldestAge: Gauge;
  readonly outboxParked: Gauge;
  readonly deadLettersOpen: Gauge<'source'>;
  readonly eventsPublished: Counter;
  // Mail (notifications)
  readonly mails: Counter<'status'>;
  // Domain gauges, each set by its owning service from its own tables at each scrape (cards, access)
  readonly cardUnits: Gauge<'kind' | 'state'>;
  readonly accessGrants: Gauge<'environment' | 'state'>;
  // Readiness of this process (1 ready, 0 not: starting, a dependency down, or shutting down)
  readonly ready: Gauge;

  constructor(readonly service: string) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });

    this.httpRequests = new Counter({
      name: 'jlis_http_requests_total',
      help: 'HTTP requests answered by the gateway, by method, route template and status code.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'jlis_http_request_duration_seconds',
      help: 'Time from receiving an HTTP request to its answer, by method and route template.',
      labelNames: ['method', 'route'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.rpcClientRequests = new Counter({
      name: 'jlis_rpc_client_requests_total',
      help: 'Requests sent to a service over NATS, by subject and outcome (ok, timeout, unavailable, or the error code).',
      labelNames: ['subject', 'outcome'],
      registers,
    });
    this.rpcClientDuration = new Histogram({
      name: 'jlis_rpc_client_duration_seconds',
      help: 'Time until a service answered a request over NATS (or the caller gave up), by subject.',
      labelNames: ['subject'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.rpcHandled = new Counter({
      name: 'jlis_rpc_handled_total',
      help: 'Requests this service answered over NATS, by subject and outcome (ok or the error code).',
      labelNames: ['subject', 'outcome'],
      registers,
    });
    this.rpcHandleDuration = new Histogram({
      name: 'jlis_rpc_handle_duration_seconds',
      help: 'Time this service took to answer a request over NATS, by subject.',
      labelNames: ['subject'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.eventsApplied = new Counter({
      name: 'jlis_events_applied_total',
      help: 'Events whose handlers committed their effect, by event type.',
      labelNames: ['type'],
      registers,
    });
    this.eventsDuplicate = new Counter({
      name: 'jlis_events_duplicate_total',
      help: 'Deliveries of an event already applied (found in the inbox; nothing done), by event type.',
      labelNames: ['type'],
      registers,
    });
    this.eventsFailed = new Counter({
      name: 'jlis_events_failed_total',
      help: 'Handler runs that failed (to be retried or parked), by event type.',
      labelNames: ['type'],
      registers,
    });
    this.deadLettered = new Counter({
      name: 'jlis_dead_lettered_total',
      help: 'Events parked as dead letters by this process, by source (consumer or outbox).',
      labelNames: ['source'],
      registers,
    });
    this.consumerPending = new Gauge({
      name: 'jlis_consumer_pending_messages',
      help: "Events in the stream not yet delivered to this service's durable consumer (its lag).",
      labelNames: ['consumer'],
      registers,
    });
    this.consumerAckPending = new Gauge({
      name: 'jlis_consumer_ack_pending_messages',
      help: 'Events delivered to the consumer and not yet acknowledged.',
      labelNames: ['consumer'],
      registers,
    });
    this.consumerRedelivered = new Gauge({
      name: 'jlis_consumer_redelivered_messages',
      help: 'Events delivered more than once and not yet acknowledged.',
      labelNames: ['consumer'],
      registers,
    });
    this.consumerPaused = new Gauge({
      name: 'jlis_consumer_paused',
      help: "1 while this instance's consumer is paused because its database does not answer.",
      labelNames: ['consumer'],
      registers,
    });
    this.outboxPending = new Gauge({
      name: 'jlis_outbox_pending_rows',
      help: 'Outbox rows committed and not yet published (parked rows excluded).',
      registers,
    });
    this.outboxOldestAge = new Gauge({
      name: 'jlis_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest unpublished outbox row (0 when none).',
      registers,
    });
    this.outboxParked = new Gauge({
      name: 'jlis_outbox_parked_rows',
      help: 'Outbox rows parked as dead letters and not yet published.',
      registers,
    });
    this.deadLettersOpen = new Gauge({
      name: 'jlis_dead_letters_open',
      help: "Dead letters in this service's schema still parked (neither replayed nor discarded), by source.",
      labelNames: ['source'],
      registers,
    });
    this.eventsPublished = new Counter({
      name: 'jlis_events_published_total',
      help: 'Outbox rows this process published to JetStream.',
      registers,
    });
    this.mails = new Counter({
      name: 'jlis_mails_total',
      help: 'Mail delivery attempts, by outcome: sent, retry (to be tried again) or failed (for good).',
      labelNames: ['status'],
      registers,
    });
    this.cardUnits = new Gauge({
      name: 'jlis_card_units',
      help: 'Test IC card units by kind and state (cards: in-stock, allocated, shipped, …), read at each scrape.',
      labelNames: ['kind', 'state'],
      registers,
    });
    this.accessGrants = new Gauge({
      name: 'jlis_access_grants',
      help: 'Access grants by environment (test, production) and state today (scheduled, active, …), read at each scrape (access).',
      labelNames: ['environment', 'state'],
      registers,
    });
    this.ready = new Gauge({
      name: 'jlis_ready',
      help: 'Whether this process reports ready (1) or not (0: starting, a dependency down, or shutting down).',
      registers,
    });
  }

  /** Registers work to do before each scrape; it must not throw (a failed count leaves the previous value). */
  onScrape(collector: ScrapeCollector): void {
    this.collectors.push(collector);
  }

  /** The text exposition, after every collector ran (each bounded by `timeoutMs`, so a hung database never hangs it). */
  async exposition(timeoutMs = 2000): Promise<string> {
    await Promise.all(
      this.collectors.map((collect) =>
        Promise.race([collect().catch(() => undefined), new Promise((done) => setTimeout(done, timeoutMs).unref())]),
      ),
    );
    return this.registry.metrics();
  }

  /** Metric names this registry exports (histograms as their base name). */
  names(): string[] {
    return this.registry.getMetricsAsArray().map((m) => m.name);
  }
}

/** Seconds since `start` (process.hrtime.bigint()). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
