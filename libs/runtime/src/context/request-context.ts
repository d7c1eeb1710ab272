import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Caller } from '@jlis/contracts';

/** What travels with one request or event through a service: the correlation id and, for commands, the caller. */
export interface RequestContextData {
  requestId: string;
  caller?: Caller;
  /**
   * For a request over NATS: its subject (the operation) and the object ids it names (the payload's fields besides
   * caller, body, file and Idempotency-Key: the route's path parameters). An Idempotency-Key is bound to both.
   */
  operation?: { subject: string; objectIds: Record<string, unknown> };
  /** Read-your-writes (docs/api.md § Consistency tokens); see ConsistencyState. */
  consistency?: ConsistencyState;
  /**
   * For an event being applied: its position in the EVENTS stream — the consistency token of what it says, which a
   * reader passes as `minVersion` to see at least that much (webhook deliveries carry it).
   */
  streamPosition?: number;
}

/**
 * What one request knows of the EVENTS stream's positions. In the gateway: `wanted` for a command (its answer carries
 * the position of what it wrote), `minPosition` for a read that asked for `minVersion`, and `position`, the highest
 * position an RPC of this request answered. In a service: `written`, the ids of the outbox rows this request added
 * (published at once after the handler, so the answer can say where they landed).
 */
export interface ConsistencyState {
  wanted?: boolean;
  minPosition?: number;
  position?: number;
  written?: string[];
}

const storage = new AsyncLocalStorage<RequestContextData>();

/** Header carrying the correlation id over HTTP and NATS. */
export const REQUEST_ID_HEADER = 'x-request-id';

export const RequestContext = {
  run<T>(data: RequestContextData, fn: () => T): T {
    return storage.run(data, fn);
  },
  current(): RequestContextData | undefined {
    return storage.getStore();
  },
  /** The current correlation id, or a fresh one for work that starts here (scheduled jobs). */
  requestId(): string {
    return storage.getStore()?.requestId ?? randomUUID();
  },
};
