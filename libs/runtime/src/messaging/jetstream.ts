import { EVENTS_STREAM, EVENT_SUBJECT_PREFIX } from '@jlis/contracts';
import { AckPolicy, DeliverPolicy, JetStreamManager, nanos, RetentionPolicy, StorageType } from 'nats';

/** How long JetStream remembers a message id, so a relay that re-publishes after a crash is ignored. */
export const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

export interface EventsStreamOptions {
  /** max_age in milliseconds (0 or unset = no limit). */
  maxAgeMs?: number;
  /** Copies of the stream on a JetStream cluster (NATS_STREAM_REPLICAS; 1 on a single server). */
  replicas?: number;
}

/**
 * Creates the EVENTS stream when missing, or updates it when what can be changed (subjects, max_age, duplicate
 * window, replicas) differs from the wanted configuration; safe to run at every provisioning. What JetStream cannot
 * change in place (storage, retention) stops provisioning with a sentence instead of being ignored. Only the
 * provisioning identity may (docs/security.md).
 */
export async function ensureEventsStream(jsm: JetStreamManager, opts: EventsStreamOptions = {}): Promise<void> {
  const config = {
    name: EVENTS_STREAM,
    subjects: [`${EVENT_SUBJECT_PREFIX}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    max_age: nanos(opts.maxAgeMs ?? 0),
    num_replicas: opts.replicas ?? 1,
  };
  let existing;
  try {
    existing = await jsm.streams.info(EVENTS_STREAM);
  } catch {
    try {
      await jsm.streams.add(config);
    } catch (error) {
      // Another instance created it between our look and our add: fine.
      await jsm.streams.info(EVENTS_STREAM).catch(() => {
        throw error;
      });
    }
    return;
  }
  const current = existing.config;
  for (const fixed of ['storage', 'retention'] as const)
    if (current[fixed] !== config[fixed])
      throw new Error(
        `The ${EVENTS_STREAM} stream has ${fixed} ${current[fixed]} where ${config[fixed]} is wanted, which JetStream cannot change in place: move its events to a new stream (docs/operations.md § NATS cluster).`,
      );
  const differs =
    current.max_age !== config.max_age ||
    current.duplicate_window !== config.duplicate_window ||
    current.num_replicas !== config.num_replicas ||
    (current.subjects ?? []).join() !== config.subjects.join();
  if (differs) await jsm.streams.update(EVENTS_STREAM, { ...current, ...config });
}

/**
 * Sets the replicas of an existing stream (an object store's `OBJ_<bucket>`, which the client creates but never
 * updates) when they differ.
 */
export async function ensureStreamReplicas(jsm: JetStreamManager, stream: string, replicas: number): Promise<void> {
  const { config } = await jsm.streams.info(stream);
  if (config.num_replicas !== replicas) await jsm.streams.update(stream, { ...config, num_replicas: replicas });
}

export interface DurableOptions {
  durable: string;
  ackWaitMs: number;
}

/** One durable pull consumer per consuming service on `evt.>`; instances of the service share it. */
export async function ensureDurableConsumer(jsm: JetStreamManager, opts: DurableOptions): Promise<void> {
  const config = {
    durable_name: opts.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: `${EVENT_SUBJECT_PREFIX}.>`,
    ack_wait: nanos(opts.ackWaitMs),
    max_ack_pending: 1000,
  };
  try {
    const info = await jsm.consumers.info(EVENTS_STREAM, opts.durable);
    if (info.config.ack_wait !== config.ack_wait)
      await jsm.consumers.update(EVENTS_STREAM, opts.durable, { ack_wait: config.ack_wait });
  } catch {
    try {
      await jsm.consumers.add(EVENTS_STREAM, config);
    } catch (error) {
      await jsm.consumers.info(EVENTS_STREAM, opts.durable).catch(() => {
        throw error;
      });
    }
  }
}
