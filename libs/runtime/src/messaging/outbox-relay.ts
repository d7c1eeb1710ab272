import { EventEnvelope, eventSubject } from '@jlis/contracts';
import { headers as natsHeaders, JetStreamClient, PubAck } from 'nats';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { DeadLetters, describeError } from '../dead-letters/dead-letter.repository';
import { DomainError } from '../errors/domain-error';
import { isUnavailable } from '../errors/rpc-error.filter';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../observability/metrics';
import { endSpan, injectTraceHeaders, SpanKind, trace, traceContextFrom, tracer } from '../observability/tracing';
import { outboxChannel } from './outbox';
import { backoffMs, DEFAULT_RETRY, RetryPolicy } from './retry-policy';

interface PendingRow {
  seq: string;
  id: string;
  type: string;
  envelope: EventEnvelope;
  attempts: number;
  trace_parent: string | null;
}

/** NATS or JetStream did not answer: not the rows' fault, so nothing was counted against them. */
class PublishUnavailable extends Error {
  constructor(cause: unknown) {
    super(`cannot publish events now: ${describeError(cause)}`, { cause });
    this.name = 'PublishUnavailable';
  }
}

export interface RelayOptions {
  schema: string;
  databaseUrl: string;
  batchSize?: number;
  /** Fallback poll when a NOTIFY was missed (e.g. the listener reconnecting); also picks up rows due for a retry. */
  pollMs?: number;
  /** Failed publications of one row before it is parked as a dead letter (NATS being unavailable does not count). */
  maxAttempts?: number;
  retry?: RetryPolicy;
  /** Test hook: runs after a batch is published and before it is marked; throwing simulates a crash there. */
  afterPublish?: (ids: string[]) => void | Promise<void>;
  /** Counts published and parked rows. */
  metrics?: Metrics;
}

/**
 * Publishes committed outbox rows to JetStream with msgID = event id, then marks them. Rows are claimed
 * with FOR UPDATE SKIP LOCKED, so several instances share the work; a crash between publish and mark
 * re-publishes the same ids, which JetStream's duplicate window and the consumers' inbox both absorb.
 *
 * A row JetStream refuses (over the payload limit, say) does not hold up the others: it is retried with backoff
 * and after `maxAttempts` refusals parked as a dead letter with its error, for an operator to replay or discard.
 * While NATS itself does not answer nothing is counted: the batch is given back and tried again.
 */
export class OutboxRelay {
  private listener?: Client;
  private timer?: NodeJS.Timeout;
  private running = false;
  private draining?: Promise<void>;
  private again = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly js: JetStreamClient,
    private readonly logger: Logger,
    private readonly opts: RelayOptions,
  ) {}

  async start(): Promise<void> {
    this.running = true;
    await this.listen();
    this.timer = setInterval(() => this.kick(), this.opts.pollMs ?? 1000);
    this.kick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    await this.draining?.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
  }

  /** Starts a drain, or asks the running one to go round once more. */
  kick(): void {
    if (!this.running) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'outbox relay: publish failed, will retry'))
      .finally(() => {
        this.draining = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Publishes until nothing is pending. Returns when the outbox is empty (as far as this instance sees). */
  async drain(): Promise<void> {
    const batchSize = this.opts.batchSize ?? 200;
    while (this.running) {
      const { claimed, published, unavailable } = await this.dataSource.transaction(async (manager) => {
        const rows: PendingRow[] = await manager.query(
          `SELECT seq, id, type, envelope, attempts, trace_parent FROM outbox
            WHERE published_at IS NULL AND parked_at IS NULL AND (retry_at IS NULL OR retry_at <= now())
            ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [batchSize],
        );
        if (rows.length === 0) return { claimed: 0, published: 0, unavailable: undefined };
        const results = await Promise.allSettled(rows.map((row) => this.publish(row)));
        const published = rows.filter((_, i) => results[i].status === 'fulfilled');
        await this.opts.afterPublish?.(published.map((r) => r.id));
        if (published.length) {
          await manager.query(`UPDATE outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`, [
            published.map((r) => r.seq),
          ]);
        }
        let unavailable: unknown;
        for (const [i, result] of results.entries()) {
          if (result.status === 'fulfilled') continue;
          if (isUnavailable(result.reason)) unavailable ??= result.reason;
          else await this.refused(manager, rows[i], result.reason);
        }
        return { claimed: rows.length, published: published.length, unavailable };
      });
      if (published) this.opts.metrics?.eventsPublished.inc(published);
      if (unavailable) throw new PublishUnavailable(unavailable);
      if (claimed < batchSize) return;
    }
  }

  /**
   * An operator's replay of a parked row: one publication now. Published: marked, done. Refused again: still
   * parked, and the error is thrown (the caller records it in the dead letter's history).
   */
  async publishParked(manager: EntityManager, eventId: string): Promise<void> {
    const [row]: PendingRow[] = await manager.query(
      `SELECT seq, id, type, envelope, attempts, trace_parent FROM outbox WHERE id = $1 AND published_at IS NULL FOR UPDATE`,
      [eventId],
    );
    if (!row) return;
    try {
      await this.publish(row);
    } catch (error) {
      if (isUnavailable(error)) {
        throw new DomainError(
          'SERVICE_UNAVAILABLE',
          'メッセージ基盤に接続できないため再送できませんでした。しばらくしてから再度お試しください。 / The message broker is unavailable, so the event could not be published; try again shortly.',
        );
      }
      throw error;
    }
    await manager.query(`UPDATE outbox SET published_at = now() WHERE seq = $1`, [row.seq]);
  }

  /**
   * Publishes the given rows now and answers the highest stream position they have (undefined when none of them
   * exists: a handler whose transaction rolled back). A request calls it right after its handler, so that its answer
   * comes after its events are in the stream (read-your-writes).
   *
   * It takes the rows it can without waiting (`SKIP LOCKED`) and holds them while it publishes and marks them, so the
   * relay — woken by the same commit — skips them instead of publishing each a second time. A row the relay already
   * holds is not waited for: the relay may hold it while it publishes a batch of hundreds, and waiting made a loaded
   * command answer before its events were in the stream. It is published here too, with the same message id, only to
   * learn its position: JetStream keeps one copy and acknowledges the duplicate with the kept copy's position. Such a
   * publication carries no span (the relay's is the event's publication in its trace). A row already published is
   * sent the same way, for its position.
   */
  async publishNow(ids: string[]): Promise<number | undefined> {
    if (!ids.length) return undefined;
    const { acks, marked } = await this.dataSource.transaction(async (manager) => {
      const mine: PendingRow[] = await manager.query(
        `SELECT seq, id, type, envelope, attempts, trace_parent FROM outbox
          WHERE id = ANY($1::uuid[]) AND published_at IS NULL AND parked_at IS NULL
          ORDER BY seq FOR UPDATE SKIP LOCKED`,
        [ids],
      );
      const taken = new Set(mine.map((row) => row.id));
      const others: Pick<PendingRow, 'id' | 'type' | 'envelope'>[] =
        taken.size === ids.length
          ? []
          : await manager.query(
              `SELECT id, type, envelope FROM outbox WHERE id = ANY($1::uuid[]) AND parked_at IS NULL ORDER BY seq`,
              [ids.filter((id) => !taken.has(id))],
            );
      const acks = await Promise.all([
        ...mine.map((row) => this.publish(row)),
        ...others.map((row) =>
          this.js.publish(eventSubject(row.type), JSON.stringify(row.envelope), { msgID: row.id }),
        ),
      ]);
      if (mine.length)
        await manager.query(`UPDATE outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`, [
          mine.map((row) => row.seq),
        ]);
      return { acks, marked: mine.length };
    });
    if (marked) this.opts.metrics?.eventsPublished.inc(marked);
    return acks.length ? Math.max(...acks.map((ack) => ack.seq)) : undefined;
  }

  /** Publishes one row; a row written inside a trace is published in a span of that trace, its context in headers. */
  private async publish(row: PendingRow): Promise<PubAck> {
    const subject = eventSubject(row.type);
    if (!row.trace_parent) return this.js.publish(subject, JSON.stringify(row.envelope), { msgID: row.id });
    const parent = traceContextFrom(row.trace_parent);
    const span = tracer(this.opts.schema).startSpan(
      `publish ${row.type}`,
      { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject } },
      parent,
    );
    const headers = natsHeaders();
    injectTraceHeaders(headers, trace.setSpan(parent, span));
    try {
      const ack = await this.js.publish(subject, JSON.stringify(row.envelope), { msgID: row.id, headers });
      endSpan(span);
      return ack;
    } catch (error) {
      endSpan(span, error);
      throw error;
    }
  }

  /** JetStream refused the row: retry it later, or park it once it has been refused `maxAttempts` times. */
  private async refused(manager: EntityManager, row: PendingRow, error: unknown): Promise<void> {
    const attempts = row.attempts + 1;
    const context = { err: error, eventId: row.id, type: row.type, attempts };
    if (attempts >= (this.opts.maxAttempts ?? 8)) {
      await manager.query(
        `UPDATE outbox SET attempts = $2, last_error = $3, retry_at = NULL, parked_at = now() WHERE seq = $1`,
        [row.seq, attempts, describeError(error)],
      );
      await DeadLetters.park(manager, { source: 'outbox', envelope: row.envelope, error, attempts });
      this.opts.metrics?.deadLettered.inc({ source: 'outbox' });
      this.logger.error(context, 'outbox relay: giving up on an event; parked as a dead letter');
      return;
    }
    const delay = backoffMs(this.opts.retry ?? DEFAULT_RETRY, attempts);
    await manager.query(
      `UPDATE outbox SET attempts = $2, last_error = $3, retry_at = now() + $4 * interval '1 millisecond' WHERE seq = $1`,
      [row.seq, attempts, describeError(error), delay],
    );
    this.logger.warn(context, 'outbox relay: an event could not be published; will retry');
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.opts.databaseUrl });
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'outbox relay: listener lost its connection; polling until it is back');
      this.listener = undefined;
      this.listenLater();
    });
    client.on('notification', () => this.kick());
    try {
      await client.connect();
      await client.query(`LISTEN ${outboxChannel(this.opts.schema)}`);
      this.listener = client;
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox relay: cannot LISTEN yet; polling');
      await client.end().catch(() => undefined);
      this.listenLater();
    }
  }

  private listenLater(): void {
    setTimeout(() => {
      if (this.running) void this.listen().catch(() => undefined);
    }, 1000);
  }
}
