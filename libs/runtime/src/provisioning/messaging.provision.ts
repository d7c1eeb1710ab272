import { DOCUMENTS_BUCKET, SERVICES } from '@jlis/contracts';
import { NatsConnection, StorageType } from 'nats';
import { ensureDurableConsumer, ensureEventsStream, ensureStreamReplicas } from '../messaging/jetstream';

export interface MessagingProvisionOptions {
  /** Durable consumers on EVENTS to create (default: one per service). */
  consumers?: readonly string[];
  /** Redelivery wait of unacknowledged events, per consumer (default 30 s). */
  ackWaitMs?: Partial<Record<string, number>>;
  /**
   * The EVENTS stream's max_age (ms; 0 or unset = no limit): RetentionSettings' eventsMaxAgeMs, loaded and checked
   * against the inbox retention by whoever provisions (loadConfig(RetentionSettings) refuses a wrong order).
   */
  eventsMaxAgeMs?: number;
  /**
   * Copies of the EVENTS stream and of the files bucket (NATS_STREAM_REPLICAS: 3 on a three-node cluster, 1 on one
   * server). Consumers follow their stream's count. A stream provisioned with another count is updated.
   */
  replicas?: number;
}

/**
 * What only the provisioning identity may do on NATS (npm run migrate, npm start, the Kubernetes migrations Job,
 * tests): create or update the EVENTS stream, every service's durable consumer and the files bucket. Services
 * only read their consumer's info, fetch and acknowledge; their permissions allow nothing else.
 */
export async function provisionMessaging(nc: NatsConnection, opts: MessagingProvisionOptions = {}): Promise<void> {
  const jsm = await nc.jetstreamManager();
  const replicas = opts.replicas ?? 1;
  await ensureEventsStream(jsm, { maxAgeMs: opts.eventsMaxAgeMs, replicas });
  for (const durable of opts.consumers ?? SERVICES) {
    await ensureDurableConsumer(jsm, { durable, ackWaitMs: opts.ackWaitMs?.[durable] ?? 30_000 });
  }
  await nc.jetstream().views.os(DOCUMENTS_BUCKET, { storage: StorageType.File, replicas });
  // The bucket's stream, named as the client names it (objectStoreStreamName, not exported by nats.js).
  await ensureStreamReplicas(jsm, `OBJ_${DOCUMENTS_BUCKET}`, replicas);
}
