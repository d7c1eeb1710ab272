import type { EventEnvelope } from '@jlis/contracts';
import type { EventHandler } from './consumer-contract';

/** The handlers a consumer runs, per event type and for every event, and which of them take resync snapshots. */
export class EventHandlers {
  private readonly byType = new Map<string, EventHandler[]>();
  private readonly any: { handler: EventHandler; skip?: (event: EventEnvelope) => boolean }[] = [];
  /** Handlers that only keep a projection (the owner's latest by version), so they also take resync snapshots. */
  private readonly projections = new Set<EventHandler>();

  on<P>(type: string, handler: EventHandler<P>, opts: { projection?: boolean } = {}): void {
    this.byType.set(type, [...(this.byType.get(type) ?? []), handler as EventHandler]);
    if (opts.projection) this.projections.add(handler as EventHandler);
  }

  /** Runs after the type's own handlers, for every event `skip` does not name. */
  onAny(handler: EventHandler, skip?: (event: EventEnvelope) => boolean): void {
    this.any.push({ handler, skip });
  }

  get types(): string[] {
    return [...this.byType.keys()];
  }

  /** Nothing to consume: a service without handlers never starts a consumer. */
  get empty(): boolean {
    return this.byType.size === 0 && this.any.length === 0;
  }

  /** The handlers of one event in order; a resync snapshot only reaches the projections of its type. */
  for(event: EventEnvelope): EventHandler[] {
    const own = this.byType.get(event.type) ?? [];
    if (event.resync) return own.filter((handler) => this.projections.has(handler));
    const any = this.any.filter(({ skip }) => !skip?.(event)).map(({ handler }) => handler);
    return own.length === 0 ? any : [...own, ...any];
  }
}
