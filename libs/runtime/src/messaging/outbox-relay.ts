import { eventSubject } from '@jlis/contracts';
import { JetStreamClient } from 'nats';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { Logger } from '../logging/logger';
import { outboxChannel } from './outbox';

export interface RelayOptions {
  schema: string;
  databaseUrl: string;
  batchSize?: number;
  /** Fallback poll when a NOTIFY was missed (e.g. the listener reconnecting). */
  pollMs?: number;
  /** Test hook: runs after a batch is published and before it is marked; throwing simulates a crash there. */
  afterPublish?: (ids: string[]) => void | Promise<void>;
}

/**
 * Publishes committed outbox rows to JetStream with msgID = event id, then marks them. Rows are claimed
 * with FOR UPDATE SKIP LOCKED, so several instances share the work; a crash between publish and mark
 * re-publishes the same ids, which JetStream's duplicate window and the consumers' inbox both absorb.
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
      const count = await this.dataSource.transaction(async (manager) => {
        const rows: { seq: string; id: string; type: string; envelope: unknown }[] = await manager.query(
          `SELECT seq, id, type, envelope FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [batchSize],
        );
        if (rows.length === 0) return 0;
        await Promise.all(
          rows.map((row) => this.js.publish(eventSubject(row.type), JSON.stringify(row.envelope), { msgID: row.id })),
        );
        await this.opts.afterPublish?.(rows.map((r) => r.id));
        await manager.query(`UPDATE outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`, [
          rows.map((r) => r.seq),
        ]);
        return rows.length;
      });
      if (count < batchSize) return;
    }
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.opts.databaseUrl });
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'outbox relay: listener lost its connection; polling until it is back');
      this.listener = undefined;
      setTimeout(() => void this.listen().catch(() => undefined), 1000);
    });
    client.on('notification', () => this.kick());
    try {
      await client.connect();
      await client.query(`LISTEN ${outboxChannel(this.opts.schema)}`);
      this.listener = client;
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox relay: cannot LISTEN yet; polling');
      await client.end().catch(() => undefined);
      if (this.running) setTimeout(() => void this.listen().catch(() => undefined), 1000);
    }
  }
}
