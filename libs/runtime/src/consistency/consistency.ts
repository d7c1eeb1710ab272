import { EVENTS_STREAM } from '@jlis/contracts';
import type { JetStreamManager } from 'nats';
import { Client } from 'pg';
import { DomainError } from '../errors/domain-error';
import type { Logger } from '../logging/logger';
import { type EventConsumer, wantedChannel } from '../messaging/event-consumer';
import type { OutboxRelay } from '../messaging/outbox-relay';

/**
 * Read-your-writes across services (docs/api.md § Consistency tokens, decisions 120–126). A position is a sequence
 * number of the EVENTS stream.
 *
 * - A command's answer waits (at most `publishWaitMs`) until the events it wrote are in the stream, and says where
 *   they landed: `publishOwn`. The relay still publishes them if that fails (the outbox is what guarantees delivery).
 * - A service that is about to refuse because it has not seen something another service did (a refusal that
 *   `awaitsEvents`), or that is asked for a read at a position (`minVersion`), first waits (at most `catchUpWaitMs`)
 *   until its consumer has applied the stream up to that position: `catchUp`. The wait is woken by the consumer
 *   itself, through Postgres NOTIFY from the transaction that applies an event (so every instance of the service hears
 *   it), never by sleeping and looking again.
 *
 * "Applied up to N" is the durable consumer's acknowledgement floor in JetStream (every message up to it acknowledged,
 * whichever instance took it), raised by the positions announced since (an event's transaction commits before its
 * acknowledgement reaches the server).
 */
export interface ConsistencyOptions {
  /** For the LISTEN connection (the service's own role). */
  databaseUrl: string;
  /** How long a command's answer waits for its own events to be in the stream; 0 leaves them to the relay alone. */
  publishWaitMs: number;
  /**
   * How long the caller waits for an answer (RPC_TIMEOUT_MS): the publish wait never runs past it (less a margin for
   * the reply), so a command that first waited to catch up still answers in time.
   */
  answerWithinMs?: number;
  /** How long a refusal or a read at a position waits for this service's consumer to catch up. */
  catchUpWaitMs: number;
  /** Retry-After of a PRECONDITION_NOT_YET_KNOWN given after the wait, in seconds. */
  retryAfterSeconds: number;
}

/** NATS request header from the gateway: the position a read must reflect (the `minVersion` the client sent). */
export const MIN_POSITION_HEADER = 'x-jlis-min-position';
/** NATS request header from the gateway: the request is a command, whose answer should say where its events landed. */
export const WANT_POSITION_HEADER = 'x-jlis-want-position';
/** A reply that carries a position: `{ [POSITIONED]: position, value }` (RpcClient unwraps it). */
export const POSITIONED = '@jlis/position';

/** The HTTP header of a command's answer that carries its consistency token. */
export const CONSISTENCY_TOKEN_HEADER = 'consistency-token';

export interface PositionedReply {
  [POSITIONED]: number;
  value: unknown;
}

export function isPositionedReply(reply: unknown): reply is PositionedReply {
  return typeof reply === 'object' && reply !== null && typeof (reply as PositionedReply)[POSITIONED] === 'number';
}

interface Waiter {
  target: number;
  resolve: (reached: boolean) => void;
  timer: NodeJS.Timeout;
}

/** Time kept for the reply to reach the caller after the publish wait (of the caller's RPC timeout). */
export const ANSWER_MARGIN_MS = 500;

/** Announcements kept above the floor while someone waits; more than this and the floor is asked for instead. */
const MAX_ANNOUNCED = 50_000;

export class Consistency {
  /** Every position up to this one is applied here (or needed nothing here), as far as this process knows. */
  private floor = 0;
  /** Positions above the floor announced as applied, kept only while someone waits. */
  private readonly announced = new Set<number>();
  private readonly waiters = new Set<Waiter>();
  private listener?: Client;
  private running = false;
  private refreshing?: Promise<void>;
  private again = false;
  /** While the LISTEN connection is down, waiters are served by asking JetStream every 250 ms. */
  private fallback?: NodeJS.Timeout;
  /** Until when the other instances were last asked to announce. */
  private wantedUntil = 0;

  constructor(
    private readonly jsm: JetStreamManager,
    private readonly consumer: EventConsumer,
    private readonly relay: OutboxRelay,
    private readonly logger: Logger,
    readonly opts: ConsistencyOptions,
  ) {}

  async start(): Promise<void> {
    this.running = true;
    await this.listen();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const waiter of [...this.waiters]) this.settle(waiter, false);
    if (this.fallback) clearInterval(this.fallback);
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  /** The stream's last position: nothing any caller was answered so far lies beyond it. */
  async lastPosition(): Promise<number> {
    const info = await this.jsm.streams.info(EVENTS_STREAM);
    return info.state.last_seq;
  }

  /**
   * Publishes a request's own outbox rows (ids) now and answers the highest position they got, or undefined when there
   * were none, when publishing is off (`publishWaitMs` 0), or when it did not finish within `publishWaitMs` — the
   * relay publishes them then, as it always would. `startedAt` (the request's start) keeps the wait inside the caller's
   * `answerWithinMs`.
   */
  async publishOwn(ids: readonly string[], startedAt = Date.now()): Promise<number | undefined> {
    if (!ids.length || this.opts.publishWaitMs <= 0) return undefined;
    const left =
      this.opts.answerWithinMs === undefined
        ? Infinity
        : this.opts.answerWithinMs - ANSWER_MARGIN_MS - (Date.now() - startedAt);
    const waitMs = Math.min(this.opts.publishWaitMs, left);
    if (waitMs <= 0) {
      this.logger.warn({}, 'consistency: no time left to publish before the caller gives up (the relay will)');
      return undefined;
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.relay.publishNow([...ids]),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`not published within ${waitMs} ms`)), waitMs);
        }),
      ]);
    } catch (error) {
      this.logger.warn(
        { err: error },
        'consistency: a command answers before its events are published (the relay will)',
      );
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Waits at most `catchUpWaitMs` until this service's consumer has applied the stream up to `target` (default, and
   * at most: the stream's last position now). True when it has, or when this service consumes nothing.
   */
  async catchUp(target?: number): Promise<boolean> {
    if (!this.consumer.active) return true;
    if (target !== undefined && target <= this.floor) return true;
    const last = await this.lastPosition();
    // A position beyond the stream (a token of another installation, a made-up one) is the stream's end.
    const goal = Math.min(target ?? last, last);
    if (goal <= this.floor) return true;
    this.wanted();
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        target: goal,
        resolve,
        timer: setTimeout(() => this.settle(waiter, false), this.opts.catchUpWaitMs),
      };
      this.waiters.add(waiter);
      this.refresh();
    });
  }

  /**
   * The refusal to give after the wait: PRECONDITION_NOT_YET_KNOWN says when to ask again (Retry-After); any other
   * refusal stands as it is.
   */
  withRetryAfter(error: unknown): unknown {
    if (!(error instanceof DomainError) || error.code !== 'PRECONDITION_NOT_YET_KNOWN') return error;
    if (typeof error.details?.retryAfterSeconds === 'number') return error;
    const again = new DomainError(
      error.code,
      error.message,
      { ...error.details, retryAfterSeconds: this.opts.retryAfterSeconds },
      error.errors,
    );
    again.stack = error.stack;
    return again;
  }

  /** A read at a position this service has not reached within the wait. */
  notYetAt(position: number): DomainError {
    return new DomainError(
      'PRECONDITION_NOT_YET_KNOWN',
      `minVersion ${position} の時点までの変更をまだ反映できていません。少し待って再度お試しください。 / This service has not yet applied every change up to minVersion ${position}; ask again in a moment.`,
      { minVersion: position, retryAfterSeconds: this.opts.retryAfterSeconds },
    );
  }

  /**
   * Asks every instance's consumer (this one at once, the others through Postgres) to announce what it applies for
   * the length of a wait; asked again at most every half wait.
   */
  private wanted(): void {
    const now = Date.now();
    this.consumer.announceFor(now + this.opts.catchUpWaitMs + 1000);
    if (now < this.wantedUntil) return;
    this.wantedUntil = now + this.opts.catchUpWaitMs / 2;
    this.listener
      ?.query(`SELECT pg_notify($1, '')`, [wantedChannel(this.consumer.durable)])
      .catch((error: unknown) => this.logger.debug({ err: error }, 'consistency: could not ask other instances'));
  }

  /** Asks JetStream for the consumer's floor; one question at a time, asked again if something happened meanwhile. */
  private refresh(): void {
    if (this.refreshing) {
      this.again = true;
      return;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        const floor = await this.consumer.appliedPosition();
        if (floor !== undefined) this.raise(floor);
      } while (this.again && this.waiters.size > 0);
    })()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'consistency: cannot read the consumer position'))
      .finally(() => {
        this.refreshing = undefined;
      });
  }

  private raise(floor: number): void {
    if (floor > this.floor) this.floor = floor;
    while (this.announced.delete(this.floor + 1)) this.floor++;
    for (const position of this.announced) if (position <= this.floor) this.announced.delete(position);
    for (const waiter of [...this.waiters]) if (waiter.target <= this.floor) this.settle(waiter, true);
  }

  private announce(position: number): void {
    // Nobody waits: the floor is asked for afresh when someone does, so nothing is kept.
    if (this.waiters.size === 0) return;
    if (position > this.floor) {
      if (this.announced.size >= MAX_ANNOUNCED) this.announced.clear();
      this.announced.add(position);
    }
    this.raise(this.floor);
    if (this.waiters.size > 0) this.refresh();
  }

  private settle(waiter: Waiter, reached: boolean): void {
    if (!this.waiters.delete(waiter)) return;
    clearTimeout(waiter.timer);
    waiter.resolve(reached);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.opts.databaseUrl });
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'consistency: listener lost its connection; asking JetStream until it is back');
      this.listener = undefined;
      this.listenLater();
    });
    client.on('notification', (n) => {
      if (n.channel === this.consumer.channel) {
        const position = Number(n.payload);
        if (Number.isSafeInteger(position)) this.announce(position);
        return;
      }
      // Another instance waits: this one's consumer announces too, for as long as such a wait lasts.
      this.consumer.announceFor(Date.now() + this.opts.catchUpWaitMs + 1000);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.consumer.channel}`);
      await client.query(`LISTEN ${wantedChannel(this.consumer.durable)}`);
      this.listener = client;
      if (this.fallback) clearInterval(this.fallback);
      this.fallback = undefined;
      // Whatever was announced while nobody listened: ask once.
      if (this.waiters.size) this.refresh();
    } catch (error) {
      this.logger.warn({ err: error }, 'consistency: cannot LISTEN yet; asking JetStream until it can');
      await client.end().catch(() => undefined);
      this.listenLater();
    }
  }

  private listenLater(): void {
    if (!this.running) return;
    this.fallback ??= setInterval(() => {
      if (this.waiters.size) this.refresh();
    }, 250);
    setTimeout(() => {
      if (this.running && !this.listener) void this.listen().catch(() => undefined);
    }, 1000);
  }
}
