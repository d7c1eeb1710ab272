import type { EventEnvelope } from '@jlis/contracts';
import type { DataSource } from 'typeorm';
import { DeadLetters, describeError } from '../dead-letters/dead-letter.repository';
import { EventVersionRefused } from './consumer-contract';

/**
 * Counts a handler failure of the event (in `event_failure`, not by JetStream's delivery count); at `maxAttempts`
 * parks it as a dead letter, in the same transaction. Runs after the event's own transaction (or batch) rolled back or
 * committed without it, so the count survives.
 */
export async function recordFailure(
  dataSource: DataSource,
  event: EventEnvelope,
  error: unknown,
  maxAttempts: number,
): Promise<{ attempts: number; parked: boolean }> {
  return dataSource.transaction(async (m) => {
    const [{ attempts }]: { attempts: number }[] = await m.query(
      `INSERT INTO event_failure (event_id, attempts, last_error) VALUES ($1, 1, $2)
       ON CONFLICT (event_id) DO UPDATE
         SET attempts = event_failure.attempts + 1, last_error = EXCLUDED.last_error, failed_at = now()
       RETURNING attempts`,
      [event.id, describeError(error)],
    );
    // A version this build cannot read will not become readable by retrying: parked at once, replayed after upgrade.
    if (attempts < maxAttempts && !(error instanceof EventVersionRefused)) return { attempts, parked: false };
    await DeadLetters.park(m, { source: 'consumer', envelope: event, error, attempts });
    await m.query(`DELETE FROM event_failure WHERE event_id = $1`, [event.id]);
    return { attempts, parked: true };
  });
}
