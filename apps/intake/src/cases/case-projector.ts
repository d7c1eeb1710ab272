import { Injectable } from '@nestjs/common';
import { AccessEvents, changesFor, DocumentsEvents, EventEnvelope, transitionsFor } from '@jlis/contracts';
import { EntityManager } from 'typeorm';
import type { ApplicationRow } from './case-row';
import { applyTransitions, caseSteps, openSteps, RecordedSteps, waitingFor } from './case-steps';
import { summarise } from './timeline-summary';
import { TimelineNames } from './timeline-words';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The case an event is about: the envelope's applicationId, else the payload's (older producers). */
export function applicationIdOf(event: EventEnvelope): string | undefined {
  const id = event.applicationId ?? (event.payload as { applicationId?: unknown } | undefined)?.applicationId;
  return typeof id === 'string' && UUID.test(id) ? id : undefined;
}

/** Whether an event says the case verifies via LGPKI: an A-08-1 (its field) or a link to a registration (R8, R9). */
export function saysViaLgpki(type: string, payload: Record<string, unknown>): boolean {
  if (type === AccessEvents.ConnectionLinked) return payload.viaLgpki === true;
  const fields = payload.fields as Record<string, unknown> | undefined;
  return (
    (type === DocumentsEvents.SubmissionReceived || type === DocumentsEvents.SubmissionAccepted) &&
    payload.form === 'A-08-1' &&
    fields?.viaLgpki === true
  );
}

/**
 * The company names a timeline line may need (the contractors an event names), from intake's own copy of access's
 * contractors: read when the line is written, so the line keeps the name of that day and reading the timeline asks
 * nobody. A contractor intake has not heard of yet is simply not named.
 */
async function timelineNames(m: EntityManager, payload: Record<string, unknown>): Promise<TimelineNames> {
  const application = payload.application as { contractorId?: unknown } | undefined;
  const ids = [payload.contractorId, payload.previousContractorId, application?.contractorId].filter(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
  if (!ids.length) return { contractors: {} };
  const rows: { contractor_id: string; name: string }[] = await m.query(
    `SELECT contractor_id, name FROM contractor WHERE contractor_id = ANY($1) AND name <> ''`,
    [ids],
  );
  return { contractors: Object.fromEntries(rows.map((r) => [r.contractor_id, r.name])) };
}

/** Recomputes the derived columns of the view (steps, open steps, who must act) from the row's facts. */
export async function refreshDerived(
  m: EntityManager,
  row: Pick<ApplicationRow, 'id' | 'status' | 'wants_online_test' | 'requested_at' | 'test_completed_on'>,
  recorded: RecordedSteps,
): Promise<void> {
  const steps = caseSteps(recorded, {
    status: row.status,
    wantsOnlineTest: row.wants_online_test,
    requestedAt: row.requested_at.toISOString(),
    testCompletedOn: row.test_completed_on,
  });
  await m.query(`UPDATE application SET step_state = $2, steps = $3, open_steps = $4, waiting_for = $5 WHERE id = $1`, [
    row.id,
    JSON.stringify(recorded),
    JSON.stringify(steps),
    openSteps(steps),
    waitingFor(steps),
  ]);
}

type ProjectedRow = Pick<
  ApplicationRow,
  'id' | 'status' | 'wants_online_test' | 'requested_at' | 'step_state' | 'test_completed_on'
>;

/**
 * Projects any event of a case into its timeline and step states, generically: the rows of STEP_TABLE
 * and CHANGE_TABLE (every service's rows file) decide what moves. Applied once per event id; intake's own
 * events are projected in the transaction that writes them, and found applied when the consumer brings them back.
 */
@Injectable()
export class CaseProjector {
  /**
   * `locked`: the case row as the caller's transaction already locked and read it after its last change (intake's own
   * events, CaseStore.recordEvent), so it is not read again.
   */
  async project(m: EntityManager, event: EventEnvelope, locked?: ProjectedRow): Promise<boolean> {
    const applicationId = applicationIdOf(event);
    if (!applicationId) return false;
    const [row]: ProjectedRow[] =
      locked?.id === applicationId
        ? [locked]
        : await m.query(
            `SELECT id, status, wants_online_test, requested_at, step_state, to_char(test_completed_on, 'YYYY-MM-DD') AS test_completed_on
               FROM application WHERE id = $1 FOR UPDATE`,
            [applicationId],
          );
    if (!row) return false;
    const payload: Record<string, unknown> = event.payload ?? {};
    const transitions = transitionsFor(event.type, payload);
    const inserted: unknown[] = await m.query(
      `INSERT INTO case_timeline (event_id, application_id, type, actor_sub, actor_role, occurred_at, summary, steps)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [
        event.id,
        applicationId,
        event.type,
        event.actor?.sub ?? 'system',
        event.actor?.role ?? 'system',
        event.occurredAt,
        summarise(event, await timelineNames(m, payload)),
        transitions.map((t) => `${t.step}:${t.status}`),
      ],
    );
    if (inserted.length === 0) return false;
    // The LGPKI task's facts only turn true, so the order events arrive in does not matter.
    if (saysViaLgpki(event.type, payload))
      await m.query(`UPDATE application SET via_lgpki = true WHERE id = $1`, [row.id]);
    const fields = payload.fields as Record<string, unknown> | undefined;
    if (
      event.type === DocumentsEvents.SubmissionAccepted &&
      payload.form === 'A-03-2' &&
      typeof fields?.contractorId === 'string'
    )
      await m.query(
        `UPDATE application SET a0302_contractors = array_append(a0302_contractors, $2)
          WHERE id = $1 AND NOT ($2 = ANY(a0302_contractors))`,
        [row.id, fields.contractorId],
      );
    if (event.type === AccessEvents.LgwanTaskCompleted)
      await m.query(`UPDATE application SET lgwan_task_done = true WHERE id = $1`, [row.id]);
    for (const change of changesFor(event.type, payload)) {
      const ref = [payload.submissionId, payload.grantId, payload.id].find((v): v is string => typeof v === 'string');
      await m.query(
        `INSERT INTO case_change (event_id, kind, application_id, event_type, at, ref) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [event.id, change.kind, applicationId, event.type, event.occurredAt, ref ?? null],
      );
    }
    await refreshDerived(m, row, applyTransitions(row.step_state, transitions, event.occurredAt, payload, event.id));
    return true;
  }
}
