import { ServerNats } from '@nestjs/microservices';
import type { NatsConnection, Subscription, SubscriptionOptions } from 'nats';

type NatsServerOptions = ConstructorParameters<typeof ServerNats>[0];

/** Not a JSON text: JSON that starts with a letter is `true`, `false` or `null`, none of which holds a dot. */
const PLAIN_SUBJECT = /^[A-Za-z][^.]*\./;

/**
 * Nest's NATS transport, stopping the way a service must on SIGTERM: first unsubscribe, so that NATS gives the next
 * requests of the queue group to the other instances; then let every request already taken be answered; then close.
 * (Nest's own `gracefulShutdown` unsubscribes and then sleeps a fixed period, and plain close() drops the answers of
 * requests still being handled: the gateway would see them time out.)
 *
 * Requests in flight are counted with Nest's processing hooks: a request starts when its handler is called and ends
 * when its answer is published.
 */
export class GracefulNatsServer extends ServerNats {
  private readonly taken: Subscription[] = [];
  private readonly inFlight = new Set<unknown>();
  private idle?: () => void;

  constructor(
    options: NatsServerOptions,
    private readonly drainTimeoutMs: number,
  ) {
    super(options);
    this.setOnProcessingStartHook((_transport, context, done) => {
      this.inFlight.add(context);
      // Nest returns this promise to a NATS callback that ignores it; a failure stays as unhandled as it was.
      void done().catch((error: unknown) => {
        this.finished(context);
        throw error;
      });
    });
    this.setOnProcessingEndHook((_transport, context) => this.finished(context));
  }

  /** Requests taken and not yet answered. */
  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  /** Keeps each subscription Nest makes (through a view of the connection), so they can be ended before closing. */
  override bindEvents(client: NatsConnection): void {
    const kept = this.taken;
    const view = new Proxy(client, {
      get(target, property) {
        if (property === 'subscribe')
          return (subject: string, opts?: SubscriptionOptions) => {
            const subscription = target.subscribe(subject, opts);
            kept.push(subscription);
            return subscription;
          };
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    super.bindEvents(view);
  }

  /**
   * Stops taking requests and waits (at most drainTimeoutMs) for those taken to be answered. Each subscription is
   * drained, not dropped: NATS may have routed requests here before it read the UNSUB, and they are still on their way
   * in the socket; `unsubscribe()` forgets the subscription at once, so nats.js would discard them and their senders
   * wait out their timeout (a 504 at the gateway). `drain()` sends the UNSUB, then a PING, and hands every message that
   * arrives before the PONG to the handler.
   */
  async stopTakingRequests(): Promise<void> {
    await Promise.all(this.taken.splice(0).map((subscription) => subscription.drain().catch(() => undefined)));
    // Nest's handler reaches the processing hook after one await (the deserializer): let the last ones register.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((done) => (this.idle = done)),
        new Promise<void>((done) => (timer = setTimeout(done, this.drainTimeoutMs))),
      ]);
      clearTimeout(timer);
    }
  }

  override async close(): Promise<void> {
    await this.stopTakingRequests();
    // The answers were handed to the connection; send them before it closes.
    try {
      await this.unwrap<NatsConnection>().flush();
    } catch {
      // Never started, or the connection is already gone: nothing to send.
    }
    await super.close();
  }

  /**
   * Nest tries `JSON.parse` on every request's subject first (for object patterns), so each request to a dotted
   * subject built and threw away a SyntaxError with its stack (1.2 % of intake's CPU on the read path). A subject that
   * starts with a letter and holds a dot is never JSON, so it goes straight to the same normalisation.
   */
  protected override getRouteFromPattern(pattern: string): string {
    return PLAIN_SUBJECT.test(pattern) ? this.normalizePattern(pattern) : super.getRouteFromPattern(pattern);
  }

  private finished(context: unknown): void {
    if (this.inFlight.delete(context) && this.inFlight.size === 0) this.idle?.();
  }
}
