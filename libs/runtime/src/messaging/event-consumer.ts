import { EVENTS_STREAM, EventEnvelope } from '@jlis/contracts';
import { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from 'nats';
import { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from '../context/request-context';
import { isUnavailable } from '../errors/rpc-error.filter';
import type { Logger } from '../logging/logger';
import { endSpan } from '../observability/tracing';
import { applyBatch, BatchEntry, BatchItem, decodeBatch, drainInBatches } from './event-batch';
import { settleFailedDelivery } from './event-failures';
import { ConsumerLag, ConsumerOptions, currentShape, EventHandler } from './consumer-contract';
import { EventHandlers } from './event-handlers';
import { PositionAnnouncer } from './position-announcer';
import { consumerAppliedPosition, consumerLag, DatabaseOutage } from './consumer-state';
import { backoffMs, DEFAULT_RETRY, pause, RetryPolicy } from './retry-policy';

export * from './consumer-contract';

/**
 * The one consumer helper. Handlers are registered per event type; for each event the inbox row and
 * every handler's effect commit together — in the transaction of a batch of what JetStream had buffered, under the
 * event's own savepoint (event-batch.ts) — then the message is acked. A redelivery finds the inbox row and changes
 * nothing. Types without a handler are acked and dropped (one filter: `evt.>`).
 *
 * Failures come in two kinds. A handler that fails while its database answers is retried with backoff and,
 * after `maxAttempts` failures (counted per event in `event_failure`, not by JetStream's delivery count), parked
 * as a dead letter; the message is terminated only once that row has committed. A database that does not answer
 * (or a connection lost) is not the event's fault: the consumer stops pulling, hands back what it holds, and
 * checks the database with backoff until it answers, then resumes; nothing is counted, nothing is parked.
 */
export class EventConsumer {
  private readonly handlers = new EventHandlers();
  private readonly positions: PositionAnnouncer;
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private running = false;
  private stopping = new AbortController();
  /** Set while the database is unavailable: nothing is pulled or applied until it answers again. */
  private readonly outage: DatabaseOutage;

  constructor(
    private readonly dataSource: DataSource,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly logger: Logger,
    private readonly opts: ConsumerOptions,
  ) {
    this.positions = new PositionAnnouncer(opts.durable, dataSource, logger);
    this.outage = new DatabaseOutage(dataSource, logger, () => this.retry);
  }

  private get retry(): RetryPolicy {
    return this.opts.retry ?? DEFAULT_RETRY;
  }

  private get maxAttempts(): number {
    return this.opts.maxAttempts ?? 12;
  }

  /**
   * `projection: true` for a handler that only keeps the owner's latest (by its version) and acts on nothing: it also
   * receives resync snapshots (envelope `resync`), which every other handler is spared.
   */
  on<P>(type: string, handler: EventHandler<P>, opts: { projection?: boolean } = {}): this {
    this.handlers.on(type, handler, opts);
    return this;
  }

  /**
   * A handler for every event of the stream (e.g. a case timeline); runs after the type's own handlers. `skip` names the
   * events it must not see — e.g. the service's own, already applied in the transaction that wrote them: an event
   * left with no handler is acknowledged without a transaction (no inbox row, no round trip to the database).
   */
  onAny(handler: EventHandler, opts: { skip?: (event: EventEnvelope) => boolean } = {}): this {
    this.handlers.onAny(handler, opts.skip);
    return this;
  }

  get handledTypes(): string[] {
    return this.handlers.types;
  }

  /** Whether the consumer is paused because its database does not answer. */
  get paused(): boolean {
    return this.outage.active;
  }

  /** Whether this consumer has anything to consume (a service without handlers never starts one). */
  get active(): boolean {
    return this.running;
  }

  /** The durable consumer's lag as JetStream sees it (shared by every instance of the service). */
  async lag(): Promise<ConsumerLag | undefined> {
    return this.running ? consumerLag(this.jsm, this.opts.durable) : undefined;
  }

  /**
   * The stream position up to which this service's consumer (every instance) has acknowledged everything: applied, or
   * nothing to do here. Undefined when it does not run.
   */
  async appliedPosition(): Promise<number | undefined> {
    return this.running ? consumerAppliedPosition(this.jsm, this.opts.durable) : undefined;
  }

  async start(): Promise<void> {
    if (this.handlers.empty) return;
    // The stream and the durable consumer are provisioned (npm run migrate), never created here: this identity
    // may only read its consumer, fetch and acknowledge (deploy/nats/permissions.conf).
    await this.jsm.consumers.info(EVENTS_STREAM, this.opts.durable).catch((error: unknown) => {
      throw new Error(
        `The durable consumer "${this.opts.durable}" of the ${EVENTS_STREAM} stream cannot be read (${
          error instanceof Error ? error.message : String(error)
        }). Provision NATS first: npm run migrate creates the stream, the consumers and the files bucket.`,
      );
    });
    this.running = true;
    this.stopping = new AbortController();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    // close() stops pulling at once; the loop finishes the event in hand, hands back the buffered ones (handle()) and
    // ends with the iterator. close()'s own promise settles only when the iterator is pulled again, so it is not awaited.
    void this.messages?.close().catch(() => undefined);
    await this.loop?.catch(() => undefined);
  }

  private async run(): Promise<void> {
    let subscriptionFailures = 0;
    while (this.running) {
      if (this.outage.active) {
        await this.outage.waitUntilAnswers(() => this.running, this.stopping.signal);
        continue;
      }
      try {
        const consumer = await this.js.consumers.get(EVENTS_STREAM, this.opts.durable);
        this.messages = await consumer.consume({ max_messages: 64 });
        subscriptionFailures = 0;
        // After stop() the iterator still yields what the client had buffered, then ends: handleBatch() hands those back.
        await drainInBatches(this.messages, this.opts.batchSize ?? 32, (batch) => this.handleBatch(batch));
      } catch (error) {
        if (!this.running) return;
        subscriptionFailures++;
        this.logger.warn({ err: error }, 'event consumer: subscription lost; resubscribing');
        await pause(backoffMs(this.retry, subscriptionFailures), this.stopping.signal);
      }
    }
  }

  /** Applies one message: exactly once in effect, however often it is delivered. */
  handle(msg: JsMsg): Promise<void> {
    return this.handleBatch([msg]);
  }

  /**
   * Applies messages in stream order: their effects commit in one transaction (applyBatch: a savepoint per event), and
   * each is acknowledged only after that commit — a crash before it leaves every message to be redelivered, and each
   * inbox row makes the redelivery change nothing. An event whose handler failed was rolled back to its savepoint and
   * is then handled as alone: counted, retried, parked.
   */
  private async handleBatch(msgs: JsMsg[]): Promise<void> {
    if (!this.running) {
      // Stopping: pulled but not started, so handed back at once for another instance rather than after the ack wait.
      msgs.forEach((msg) => msg.nak());
      return;
    }
    if (this.outage.active) {
      // Pulled before the pause took hold: handed back untried, so they are not counted against their events.
      msgs.forEach((msg) => msg.nak(this.outage.handBackMs));
      return;
    }
    const entries = decodeBatch(msgs, {
      durable: this.opts.durable,
      logger: this.logger,
      handles: (event) => this.handlers.for(event).length > 0,
    });
    const items = entries.flatMap((entry) => (entry.item ? [entry.item] : []));
    if (items.length > 0) {
      try {
        await applyBatch(this.dataSource, items, {
          apply: (manager, item) => this.applyIn(manager, item.event, undefined, item.msg.redelivered),
          announceOn: this.announcing ? this.channel : undefined,
        });
      } catch (error) {
        return this.batchFailed(entries, items, error);
      }
    }
    for (const [index, { msg, item }] of entries.entries()) {
      const last = index === entries.length - 1;
      if (!item) {
        await this.positions.acknowledge(msg, last, this.messages?.getPending() ?? 0);
        continue;
      }
      const { event, span, outcome } = item;
      if (!outcome || 'error' in outcome) {
        const error = outcome?.error;
        endSpan(span, error);
        await this.failed(msg, event, error);
        continue;
      }
      (outcome.applied ? this.opts.metrics?.eventsApplied : this.opts.metrics?.eventsDuplicate)?.inc({
        type: event.type,
      });
      span.setAttribute('jlis.event.applied', outcome.applied);
      try {
        await this.opts.beforeAck?.(event);
        await this.positions.acknowledge(msg, last, this.messages?.getPending() ?? 0);
        endSpan(span);
      } catch (error) {
        endSpan(span, error);
        await this.failed(msg, event, error);
      }
    }
  }

  /**
   * The batch's transaction failed as a whole, so nothing of it committed. A database that does not answer pauses the
   * consumer (every message handed back, uncounted); anything else (a commit refused) is not attributable to one event,
   * so the messages are applied again one at a time, where a failure belongs to its event.
   */
  private async batchFailed(entries: BatchEntry[], items: BatchItem[], error: unknown): Promise<void> {
    items.forEach((item) => endSpan(item.span, error));
    if (isUnavailable(error)) {
      entries.forEach(({ msg }) => this.pauseFor(msg, error));
      return;
    }
    if (entries.length === 1) {
      const { msg, item } = entries[0];
      if (item) await this.failed(msg, item.event, error);
      else await this.positions.acknowledge(msg, true, this.messages?.getPending() ?? 0);
      return;
    }
    this.logger.warn(
      { err: error, events: items.length },
      'event consumer: a batch failed to commit; applying one by one',
    );
    for (const { msg } of entries) await this.handleBatch([msg]);
  }

  /**
   * Runs the handlers of one event with the inbox row, in one transaction. Exposed for tests of redelivery. `seq` (the
   * message's stream sequence) is announced on `appliedChannel` when the transaction commits: the wake-up of
   * whoever waits for this service to have applied the stream up to a position (Consistency).
   */
  async apply(
    event: EventEnvelope,
    handlers = this.handlers.for(event),
    clearFailures = false,
    seq?: number,
  ): Promise<boolean> {
    return RequestContext.run({ requestId: event.correlationId, streamPosition: seq }, () =>
      this.dataSource.transaction(async (manager) => {
        const applied = await this.applyIn(manager, event, handlers, clearFailures);
        if (seq !== undefined && this.announcing)
          await manager.query(`SELECT pg_notify($1, $2)`, [this.channel, String(seq)]);
        return applied;
      }),
    );
  }

  /** The durable consumer's name: the consuming service. */
  get durable(): string {
    return this.opts.durable;
  }

  /** The Postgres channel this consumer announces applied stream positions on (every instance of the service hears it). */
  get channel(): string {
    return this.positions.channel;
  }

  /** Someone waits for this service to reach a position: announce applied positions until `untilMs` (PositionAnnouncer). */
  announceFor(untilMs: number): void {
    this.positions.announceFor(untilMs);
  }

  private get announcing(): boolean {
    return this.positions.announcing;
  }

  /** The same in the caller's transaction (a dead letter replayed by an operator commits with its history row). */
  async applyIn(
    manager: EntityManager,
    event: EventEnvelope,
    handlers = this.handlers.for(event),
    clearFailures = false,
  ): Promise<boolean> {
    // Failures of earlier deliveries are forgotten with the success (only a redelivery can have any).
    if (clearFailures) await manager.query(`DELETE FROM event_failure WHERE event_id = $1`, [event.id]);
    const fresh: unknown[] = await manager.query(
      `INSERT INTO inbox (event_id, type) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [event.id, event.type],
    );
    if (fresh.length === 0) return false;
    const current = currentShape(event);
    for (const handler of handlers) await handler(current, manager);
    return true;
  }

  private async failed(msg: JsMsg, event: EventEnvelope, error: unknown): Promise<void> {
    const unavailable = await settleFailedDelivery(
      {
        dataSource: this.dataSource,
        logger: this.logger,
        retry: this.retry,
        maxAttempts: this.maxAttempts,
        metrics: this.opts.metrics,
      },
      msg,
      event,
      error,
    );
    if (unavailable) this.pauseFor(msg, unavailable.error);
  }

  /** Stops pulling: the message in hand goes back untried and uncounted; buffered ones follow in handle(). */
  private pauseFor(msg: JsMsg, error: unknown): void {
    if (this.outage.begin(error)) void this.messages?.close().catch(() => undefined);
    msg.nak(backoffMs(this.retry, 1));
  }
}
