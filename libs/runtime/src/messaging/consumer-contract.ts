import { acceptEvent, EventEnvelope } from '@jlis/contracts';
import type { EntityManager } from 'typeorm';
import type { Metrics } from '../observability/metrics';
import type { RetryPolicy } from './retry-policy';

/** An event of a version this build does not accept (event catalogue): parked at once, never guessed at. */
export class EventVersionRefused extends Error {
  override readonly name = 'EventVersionRefused';
}

/**
 * The envelope as handlers must see it: the catalogue's current version of its type, a payload of the previous version
 * upcast (libs/contracts/src/events/catalogue.ts). Handlers are written against the current shape only.
 */
export function currentShape(event: EventEnvelope): EventEnvelope {
  const accepted = acceptEvent(event.type, event.version ?? 1, event.payload);
  if (!accepted.ok) throw new EventVersionRefused(accepted.reason);
  return accepted.upcast ? { ...event, version: accepted.version, payload: accepted.payload } : event;
}

/** The Postgres channel on which a service's consumer announces the stream positions it has applied. */
export function appliedChannel(durable: string): string {
  return `events_applied_${durable}`;
}

/** The Postgres channel on which a waiter asks every instance's consumer of the service to announce for a while. */
export function wantedChannel(durable: string): string {
  return `events_wanted_${durable}`;
}

export type EventHandler<P = Record<string, unknown>> = (
  event: EventEnvelope<P>,
  manager: EntityManager,
) => Promise<void>;

export interface ConsumerOptions {
  /** Durable name: the consuming service. Its instances share the consumer, so each event is handled once. */
  durable: string;
  /** Failed handler runs of one event before it is parked in `dead_letter`; infrastructure failures do not count. */
  maxAttempts?: number;
  /** Backoff between handler retries, and between checks that an unavailable database is back. */
  retry?: RetryPolicy;
  /** Test hook: runs after the effect committed and before the ack; throwing simulates a crash there. */
  beforeAck?: (event: EventEnvelope) => void | Promise<void>;
  /** Counts applied, duplicate, failed and parked events. */
  metrics?: Metrics;
  /** Most messages applied in one transaction (a savepoint each): what JetStream has buffered, up to this. Default 32. */
  batchSize?: number;
}

/** The consumer's state in JetStream: its lag and what it holds unacknowledged. */
export interface ConsumerLag {
  pending: number;
  ackPending: number;
  redelivered: number;
}
