import { EVENTS_STREAM, EVENT_SUBJECT_PREFIX } from '@jlis/contracts';
import { AckPolicy, DeliverPolicy, JetStreamManager, nanos, RetentionPolicy, StorageType } from 'nats';

/** How long JetStream remembers a message id, so a relay that re-publishes after a crash is ignored. */
export const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

/**
 * Creates the EVENTS stream when missing, or sets its max_age when it differs (`maxAgeMs`, 0 = no limit); safe to run
 * at every provisioning. Only the provisioning identity may (docs/security.md).
 */
export async function ensureEventsStream(jsm: JetStreamManager, opts: { maxAgeMs?: number } = {}): Promise<void> {
  const maxAge = nanos(opts.maxAgeMs ?? 0);
  const config = {
    name: EVENTS_STREAM,
    subjects: [`${EVENT_SUBJECT_PREFIX}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    max_age: maxAge,
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
  if (existing.config.max_age !== maxAge)
    await jsm.streams.update(EVENTS_STREAM, { ...existing.config, max_age: maxAge });
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
