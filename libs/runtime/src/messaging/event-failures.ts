import type { EventEnvelope } from '@jlis/contracts';
import type { JsMsg } from 'nats';
import type { DataSource } from 'typeorm';
import { DeadLetters, describeError } from '../dead-letters/dead-letter.repository';
import { isUnavailable } from '../errors/rpc-error.filter';
import type { Logger } from '../logging/logger';
import { ConsumerOptions, EventVersionRefused } from './consumer-contract';
import { backoffMs, RetryPolicy } from './retry-policy';

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

/** What settling a failed delivery needs of its consumer. */
export interface FailureSettling {
  dataSource: DataSource;
  logger: Logger;
  retry: RetryPolicy;
  maxAttempts: number;
  metrics?: ConsumerOptions['metrics'];
}

/**
 * A handler failed on the event: counts it and hands the message back with backoff, or terminates it once it is
 * parked (only after the dead-letter row committed). A database that does not answer is not the event's fault:
 * nothing is counted and the error is returned, for the consumer to pause on.
 */
export async function settleFailedDelivery(
  on: FailureSettling,
  msg: JsMsg,
  event: EventEnvelope,
  error: unknown,
): Promise<{ error: unknown } | undefined> {
  if (isUnavailable(error)) return { error };
  let outcome: { attempts: number; parked: boolean };
  try {
    outcome = await recordFailure(on.dataSource, event, error, on.maxAttempts);
  } catch (recordError) {
    if (isUnavailable(recordError)) return { error: recordError };
    // Neither counted nor parked: try again later rather than lose it.
    on.logger.error(
      { err: recordError, eventId: event.id, type: event.type },
      'event consumer: cannot record a failed delivery; will retry',
    );
    msg.nak(on.retry.maxMs);
    return undefined;
  }
  const context = { err: error, eventId: event.id, type: event.type, attempts: outcome.attempts };
  on.metrics?.eventsFailed.inc({ type: event.type });
  if (outcome.parked) {
    on.metrics?.deadLettered.inc({ source: 'consumer' });
    on.logger.error(context, 'event consumer: giving up; parked as a dead letter');
    // Only now: the dead-letter row has committed.
    msg.term();
  } else {
    on.logger.warn(context, 'event consumer: handler failed; will retry');
    msg.nak(backoffMs(on.retry, outcome.attempts));
  }
  return undefined;
}
