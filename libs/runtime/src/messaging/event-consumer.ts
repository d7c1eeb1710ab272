import { EVENTS_STREAM, EventEnvelope } from '@jlis/contracts';
import { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from 'nats';
import { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from '../context/request-context';
import type { Logger } from '../logging/logger';
import { ensureDurableConsumer, ensureEventsStream } from './jetstream';

export type EventHandler<P = Record<string, unknown>> = (
  event: EventEnvelope<P>,
  manager: EntityManager,
) => Promise<void>;

export interface ConsumerOptions {
  /** Durable name: the consuming service. Its instances share the consumer, so each event is handled once. */
  durable: string;
  ackWaitMs?: number;
  /** Attempts before an event is parked in `dead_letter`. */
  maxAttempts?: number;
  /** Test hook: runs after the effect committed and before the ack; throwing simulates a crash there. */
  beforeAck?: (event: EventEnvelope) => void | Promise<void>;
}

/**
 * The one consumer helper. Handlers are registered per event type; for each event the inbox row and
 * every handler's effect commit in one transaction, then the message is acked. A redelivery finds the
 * inbox row and changes nothing. Types without a handler are acked and dropped (one filter: `evt.>`).
 */
export class EventConsumer {
  private readonly handlers = new Map<string, EventHandler[]>();
  private readonly anyHandlers: EventHandler[] = [];
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly logger: Logger,
    private readonly opts: ConsumerOptions,
  ) {}

  on<P>(type: string, handler: EventHandler<P>): this {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler as EventHandler]);
    return this;
  }

  /** A handler for every event of the stream (e.g. a case timeline); runs after the type's own handlers. */
  onAny(handler: EventHandler): this {
    this.anyHandlers.push(handler);
    return this;
  }

  get handledTypes(): string[] {
    return [...this.handlers.keys()];
  }

  async start(): Promise<void> {
    if (this.handlers.size === 0 && this.anyHandlers.length === 0) return;
    await ensureEventsStream(this.jsm);
    await ensureDurableConsumer(this.jsm, { durable: this.opts.durable, ackWaitMs: this.opts.ackWaitMs ?? 30_000 });
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    // close() unsubscribes at once, but its promise settles only when the iterator is pulled again; a loop that
    // was inside handle() leaves without pulling (`!this.running`), so awaiting close() here could hang forever.
    void this.messages?.close().catch(() => undefined);
    await this.loop?.catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const consumer = await this.js.consumers.get(EVENTS_STREAM, this.opts.durable);
        this.messages = await consumer.consume({ max_messages: 64 });
        for await (const msg of this.messages) {
          await this.handle(msg);
          if (!this.running) break;
        }
      } catch (error) {
        if (!this.running) return;
        this.logger.warn({ err: error }, 'event consumer: subscription lost; resubscribing');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  /** Applies one message: exactly once in effect, however often it is delivered. */
  async handle(msg: JsMsg): Promise<void> {
    let event: EventEnvelope;
    try {
      event = JSON.parse(msg.string()) as EventEnvelope;
    } catch {
      this.logger.error({ subject: msg.subject }, 'event consumer: undecodable message dropped');
      msg.term();
      return;
    }
    const handlers = this.handlersFor(event.type);
    if (handlers.length === 0) {
      msg.ack();
      return;
    }
    try {
      await this.apply(event, handlers);
      await this.opts.beforeAck?.(event);
      msg.ack();
    } catch (error) {
      const attempts = msg.info.deliveryCount;
      if (attempts >= (this.opts.maxAttempts ?? 12)) {
        this.logger.error(
          { err: error, eventId: event.id, type: event.type, attempts },
          'event consumer: giving up; parked in dead_letter',
        );
        await this.park(event, error, attempts).catch(() => undefined);
        msg.term();
      } else {
        this.logger.warn(
          { err: error, eventId: event.id, type: event.type, attempts },
          'event consumer: handler failed; will retry',
        );
        msg.nak(Math.min(30_000, 250 * 2 ** attempts));
      }
    }
  }

  /** Runs the handlers of one event with the inbox row, in one transaction. Exposed for tests of redelivery. */
  async apply(event: EventEnvelope, handlers = this.handlersFor(event.type)): Promise<boolean> {
    return RequestContext.run({ requestId: event.correlationId }, () =>
      this.dataSource.transaction(async (manager) => {
        const fresh: unknown[] = await manager.query(
          `INSERT INTO inbox (event_id, type) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
          [event.id, event.type],
        );
        if (fresh.length === 0) return false;
        for (const handler of handlers) await handler(event, manager);
        return true;
      }),
    );
  }

  private handlersFor(type: string): EventHandler[] {
    return [...(this.handlers.get(type) ?? []), ...this.anyHandlers];
  }

  private async park(event: EventEnvelope, error: unknown, attempts: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO dead_letter (event_id, type, envelope, error, attempts) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (event_id) DO UPDATE SET error = EXCLUDED.error, attempts = EXCLUDED.attempts, failed_at = now()`,
      [event.id, event.type, JSON.stringify(event), String(error instanceof Error ? error.stack : error), attempts],
    );
  }
}
