/** The JetStream stream every event goes through, and the prefix of its subjects. */
export const EVENTS_STREAM = 'EVENTS';
export const EVENT_SUBJECT_PREFIX = 'evt';

/** Who caused an event: a user (from the token) or the system itself (scheduled work). */
export interface EventActor {
  sub: string;
  role: 'operator' | 'applicant' | 'contractor' | 'system';
}

/**
 * The envelope of architecture.md. `type` reads `<service>.<entity>.<fact>` and the subject is `evt.<type>`.
 * Projections ignore an event whose aggregateVersion is not newer than what they hold.
 */
export interface EventEnvelope<P = Record<string, unknown>> {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  actor: EventActor;
  correlationId: string;
  applicationId?: string;
  aggregateId: string;
  aggregateVersion: number;
  payload: P;
  /**
   * A resync: the owner re-published the current state of the aggregate on an operator's request (after a stream
   * max_age dropped the original events), not a new fact. Only projections apply it; nothing acts on it (no mail,
   * no timeline entry, no follow-up work).
   */
  resync?: true;
}

export function eventSubject(type: string): string {
  return `${EVENT_SUBJECT_PREFIX}.${type}`;
}

export const SYSTEM_ACTOR: EventActor = { sub: 'system', role: 'system' };
