import type { JsMsg } from 'nats';
import type { DataSource } from 'typeorm';
import type { Logger } from '../logging/logger';
import { appliedChannel } from './consumer-contract';

/**
 * Whether a consumer announces the stream positions it applied (a NOTIFY on its channel), and where. Someone waits for
 * this service to reach a position (Consistency heard it): positions are announced until then. A NOTIFY takes a
 * database-wide lock at commit, so a consumer that announced every event would slow every commit of the database;
 * nobody waiting, nothing is announced.
 */
export class PositionAnnouncer {
  /** Until when someone (in any instance) waits for positions. */
  private announceUntil = 0;

  constructor(
    private readonly durable: string,
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
  ) {}

  /** The Postgres channel positions are announced on (every instance of the service hears it). */
  get channel(): string {
    return appliedChannel(this.durable);
  }

  announceFor(untilMs: number): void {
    this.announceUntil = Math.max(this.announceUntil, untilMs);
  }

  get announcing(): boolean {
    return Date.now() < this.announceUntil;
  }

  /**
   * Acknowledges a message. The last one the consumer holds (the last of its batch, nothing buffered behind it:
   * `pending` is what the client holds, this one included) is acknowledged with the server's confirmation and then
   * announced on `channel`: events without a handler here commit nothing, so without this a waiter whose position
   * ends on them would not hear that the consumer has passed it.
   */
  async acknowledge(msg: JsMsg, last: boolean, pending: number): Promise<void> {
    if (!last || !this.announcing || pending > 1) {
      msg.ack();
      return;
    }
    try {
      await msg.ackAck();
      await this.dataSource.query(`SELECT pg_notify($1, $2)`, [this.channel, String(msg.seq)]);
    } catch (error) {
      // The ack is retried by JetStream's redelivery if it was lost; a missed announcement only delays a waiter.
      this.logger.debug({ err: error, seq: msg.seq }, 'event consumer: could not confirm or announce an ack');
    }
  }
}
