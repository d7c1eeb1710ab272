import type { ApplicationSnapshot, EventEnvelope, WebhookPayload } from '@jlis/contracts';

/** The 受付番号 of the snapshot, when intake has given it one (older snapshots have none). */
export function receptionNumberOf(snapshot: ApplicationSnapshot): string | null {
  return (snapshot as ApplicationSnapshot & { receptionNumber?: string | null }).receptionNumber ?? null;
}

/**
 * What a portal receives: which event, which case (受付番号 for people, ids for machines) and the ids of the object
 * the event is about — not the event's payload. The portal reads the details through the API, where every read rule
 * applies; a delivery never carries more than a read would show. `streamPosition` is the event's place in the
 * stream (RequestContext, set by the consumer), sent as the consistency token a read passes as `minVersion`.
 */
export function webhookPayload(
  event: EventEnvelope<Record<string, unknown>>,
  snapshot: ApplicationSnapshot,
  caseVersion: number | null,
  streamPosition: number | undefined,
): WebhookPayload {
  // The object's own id (aggregateId) and every `…Id` the event names (submissionId, loanId, grantId, …).
  const ids: Record<string, string> = { aggregateId: event.aggregateId };
  for (const [key, value] of Object.entries(event.payload ?? {}))
    if (/Id$/.test(key) && typeof value === 'string') ids[key] = value;
  ids.applicationId = snapshot.id;
  return {
    eventId: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    case: {
      applicationId: snapshot.id,
      receptionNumber: receptionNumberOf(snapshot),
      organizationCode: snapshot.organizationCode,
    },
    ids,
    caseVersion,
    consistencyToken: streamPosition === undefined ? null : String(streamPosition),
  };
}
