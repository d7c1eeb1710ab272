import { currentEventVersion, EventActor, EventEnvelope, EventPayloads, EventType } from '@jlis/contracts';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { notifyOnCommit } from '../data/notify';
import { RequestContext } from '../context/request-context';
import { currentTraceparent } from '../observability/tracing';

export interface NewEvent<P> {
  type: string;
  aggregateId: string;
  aggregateVersion: number;
  applicationId?: string;
  payload: P;
  /** Who caused it; default: the caller of the current request, else the system. */
  actor?: EventActor;
  /** A re-publication of current state (Resync), applied by projections only. */
  resync?: true;
}

/** The payload a type's events carry: the catalogue's for a catalogued type, anything for a type outside it. */
export type PayloadOf<T extends string> = T extends EventType ? EventPayloads[T] : unknown;

/** Channel the relay LISTENs on; the writer NOTIFYs it in the same transaction, so it fires on commit. */
export function outboxChannel(schema: string): string {
  return `outbox_${schema}`;
}

/**
 * The one way to publish an event: `add` it with the EntityManager of the transaction that changes the
 * state. It is sent by the relay only if that transaction commits.
 */
export class Outbox {
  constructor(
    private readonly schema: string,
    private readonly clock: Clock,
  ) {}

  /**
   * A catalogued type takes only its catalogued payload (libs/contracts/src/events/catalogue.ts) and is written with the
   * catalogue's current version; a type outside the catalogue (tests) takes any payload, at version 1.
   */
  async add<T extends string>(
    manager: EntityManager,
    event: NewEvent<PayloadOf<T>> & { type: T },
  ): Promise<EventEnvelope<PayloadOf<T>>> {
    const envelope = this.envelope(manager, event);
    await this.write(manager, [envelope]);
    return envelope;
  }

  /**
   * Several events of one transaction, in this order, as `add` would write them one after the other — in one
   * INSERT and one NOTIFY instead of two statements each (a command that writes two events, like a card loan's
   * opening and allocation, saves two round trips).
   */
  async addAll<T extends string[]>(
    manager: EntityManager,
    events: [...{ [K in keyof T]: NewEvent<PayloadOf<T[K]>> & { type: T[K] } }],
  ): Promise<EventEnvelope<unknown>[]> {
    const envelopes = (events as (NewEvent<unknown> & { type: string })[]).map((event) =>
      this.envelope(manager, event),
    );
    await this.write(manager, envelopes);
    return envelopes;
  }

  /**
   * The outbox rows of `envelopes`, in their order (VALUES rows are inserted in the order written, so `seq`, the
   * relay's order, keeps it), and the relay's wake-up on commit. The transaction's trace context goes with each row
   * (not into the envelope): the relay publishes it in headers. A request's own rows are published right after its
   * handler (Consistency.publishOwn), not left to the relay alone.
   */
  private async write(manager: EntityManager, envelopes: EventEnvelope<unknown>[]): Promise<void> {
    if (envelopes.length === 0) return;
    const traceParent = currentTraceparent();
    const params: unknown[] = [];
    const rows = envelopes.map(
      (e) =>
        `($${params.push(e.id)}, $${params.push(e.type)}, $${params.push(JSON.stringify(e))}, $${params.push(traceParent)})`,
    );
    await manager.query(`INSERT INTO outbox (id, type, envelope, trace_parent) VALUES ${rows.join(', ')}`, params);
    await notifyOnCommit(manager, outboxChannel(this.schema));
    RequestContext.current()?.consistency?.written?.push(...envelopes.map((e) => e.id));
  }

  private envelope<T extends string>(
    manager: EntityManager,
    event: NewEvent<PayloadOf<T>> & { type: T },
  ): EventEnvelope<PayloadOf<T>> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`Outbox.add(${event.type}) needs the EntityManager of an open transaction`);
    }
    const ctx = RequestContext.current();
    return {
      id: randomUUID(),
      type: event.type,
      version: currentEventVersion(event.type),
      occurredAt: this.clock.now().toISOString(),
      actor:
        event.actor ??
        (ctx?.caller ? { sub: ctx.caller.sub, role: ctx.caller.role } : { sub: 'system', role: 'system' }),
      correlationId: ctx?.requestId ?? randomUUID(),
      applicationId: event.applicationId,
      aggregateId: event.aggregateId,
      aggregateVersion: event.aggregateVersion,
      payload: event.payload,
      ...(event.resync ? { resync: true as const } : {}),
    };
  }
}

/**
 * For seeding migrations: writes the event of a seeded catalogue row into the outbox in the migration's
 * transaction, so other services learn defaults from the first minute. `id` must be fixed (a literal UUID)
 * so the event is the same wherever the migration runs.
 */
export async function writeSeedEvent<P>(
  runner: { query(sql: string, params?: unknown[]): Promise<unknown> },
  event: NewEvent<P> & { id: string },
): Promise<void> {
  const envelope: EventEnvelope<P> = {
    id: event.id,
    type: event.type,
    version: currentEventVersion(event.type),
    occurredAt: new Date().toISOString(),
    actor: { sub: 'system', role: 'system' },
    correlationId: event.id,
    applicationId: event.applicationId,
    aggregateId: event.aggregateId,
    aggregateVersion: event.aggregateVersion,
    payload: event.payload,
  };
  await runner.query(`INSERT INTO outbox (id, type, envelope) VALUES ($1, $2, $3)`, [
    envelope.id,
    envelope.type,
    JSON.stringify(envelope),
  ]);
}
