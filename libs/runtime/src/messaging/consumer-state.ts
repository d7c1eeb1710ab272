import { EVENTS_STREAM } from '@jlis/contracts';
import type { JetStreamManager } from 'nats';
import type { DataSource } from 'typeorm';
import type { Logger } from '../logging/logger';
import type { ConsumerLag } from './consumer-contract';
import { backoffMs, pause, RetryPolicy } from './retry-policy';

/** The durable consumer's lag as JetStream sees it (shared by every instance of the service). */
export async function consumerLag(jsm: JetStreamManager, durable: string): Promise<ConsumerLag> {
  const info = await jsm.consumers.info(EVENTS_STREAM, durable);
  return { pending: info.num_pending, ackPending: info.num_ack_pending, redelivered: info.num_redelivered };
}

/**
 * The stream position up to which the durable consumer (every instance) has acknowledged everything: its ack floor,
 * or all it was delivered when nothing is pending.
 */
export async function consumerAppliedPosition(jsm: JetStreamManager, durable: string): Promise<number> {
  const info = await jsm.consumers.info(EVENTS_STREAM, durable);
  const floor = info.ack_floor.stream_seq;
  return info.num_pending === 0 && info.num_ack_pending === 0 ? Math.max(floor, info.delivered.stream_seq) : floor;
}

/**
 * A consumer's database outage: begun when a statement finds the database unavailable, over when it answers a check
 * again. Not the events' fault, so nothing is counted while it lasts.
 */
export class DatabaseOutage {
  private current?: { since: number; checks: number };

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly retry: () => RetryPolicy,
  ) {}

  get active(): boolean {
    return this.current !== undefined;
  }

  /** How long a message pulled during the outage is handed back for. */
  get handBackMs(): number {
    return backoffMs(this.retry(), (this.current?.checks ?? 0) + 1);
  }

  /** Begins the outage; true when it was not already on (the caller then stops pulling). */
  begin(error: unknown): boolean {
    if (this.current) return false;
    this.current = { since: Date.now(), checks: 0 };
    this.logger.warn(
      { err: error },
      'event consumer: database unavailable; pausing until it answers (not counted as a failed delivery)',
    );
    return true;
  }

  /** Checks the database with backoff until it answers (the outage ends) or the consumer stops. */
  async waitUntilAnswers(running: () => boolean, stopping: AbortSignal): Promise<void> {
    const outage = this.current!;
    while (running()) {
      outage.checks++;
      await pause(backoffMs(this.retry(), outage.checks), stopping);
      if (!running()) return;
      try {
        await this.dataSource.query('SELECT 1');
      } catch {
        continue;
      }
      this.logger.info({ pausedMs: Date.now() - outage.since }, 'event consumer: database answers again; resuming');
      this.current = undefined;
      return;
    }
  }
}
