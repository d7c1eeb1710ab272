import type { NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import type { EventConsumer } from '../messaging/event-consumer';
import type { Metrics } from './metrics';
import { Readiness } from './readiness';

const DEAD_LETTER_SOURCES = ['consumer', 'outbox'] as const;

/** Gauges read at each scrape from the service's own schema and from JetStream. */
export function watchServiceState(metrics: Metrics, dataSource: DataSource, consumer: EventConsumer, durable: string) {
  metrics.onScrape(async () => {
    const [row]: { pending: number; parked: number; oldest: number }[] = await dataSource.query(
      `SELECT count(*) FILTER (WHERE parked_at IS NULL)::int AS pending,
              count(*) FILTER (WHERE parked_at IS NOT NULL)::int AS parked,
              COALESCE(EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE parked_at IS NULL)), 0)::float8 AS oldest
         FROM outbox WHERE published_at IS NULL`,
    );
    metrics.outboxPending.set(row.pending);
    metrics.outboxParked.set(row.parked);
    metrics.outboxOldestAge.set(Math.max(0, row.oldest));
  });
  metrics.onScrape(async () => {
    const rows: { source: string; open: number }[] = await dataSource.query(
      `SELECT d.source, count(*)::int AS open
         FROM dead_letter d
         CROSS JOIN LATERAL (SELECT x.action FROM dead_letter_action x WHERE x.dead_letter_id = d.id
                              ORDER BY x.seq DESC LIMIT 1) a
        WHERE a.action IN ('parked', 'replay-failed')
        GROUP BY d.source`,
    );
    for (const source of DEAD_LETTER_SOURCES)
      metrics.deadLettersOpen.set({ source }, rows.find((r) => r.source === source)?.open ?? 0);
  });
  metrics.onScrape(async () => {
    metrics.consumerPaused.set({ consumer: durable }, consumer.paused ? 1 : 0);
    const lag = await consumer.lag();
    if (!lag) return;
    metrics.consumerPending.set({ consumer: durable }, lag.pending);
    metrics.consumerAckPending.set({ consumer: durable }, lag.ackPending);
    metrics.consumerRedelivered.set({ consumer: durable }, lag.redelivered);
  });
}

/** A domain service is ready when it has started and its own database and NATS answer. */
export function serviceReadiness(dataSource: DataSource, nats: NatsConnection): Readiness {
  return new Readiness()
    .add('database', () => dataSource.query('SELECT 1').then(() => true))
    .add('nats', () => natsAnswers(nats));
}

/** NATS answers a round trip (a PING/PONG) on this connection. */
export async function natsAnswers(nats: NatsConnection): Promise<boolean> {
  if (nats.isClosed()) return false;
  await nats.flush();
  return true;
}
