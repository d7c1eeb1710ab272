import {
  ActionContact,
  Caller,
  CaseChangeView,
  CaseView,
  ContactRole,
  ContactView,
  isCaseParty,
  QualificationView,
} from '@jlis/contracts';
import { DomainError } from '@jlis/runtime';
import { EntityManager } from 'typeorm';
import { ApplicationRow, caseFieldsOf, CURRENT_CONTACT_SET, summaryOf } from './case-row';

/**
 * Timestamps inside the JSON aggregates, formatted by Postgres exactly as `Date.toISOString()` formats the value
 * node-postgres parses (UTC, milliseconds truncated), so the view reads the same as when each part was its own query.
 */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The whole case view in one statement: the row, its current contact set, its changes and its last qualification
 * (issue 14: one round trip instead of four — on this machine each query's socket write and read cost more CPU than
 * the query itself). The aggregates come back as JSON already in the view's order.
 */
const VIEW_SQL = `
SELECT a.*, to_char(a.test_completed_on, 'YYYY-MM-DD') AS test_completed_on,
  (SELECT coalesce(json_agg(json_build_object(
            'role', c.role, 'name', c.name, 'department', c.department, 'phone', c.phone, 'email', c.email,
            'source', c.source, 'since', ${iso('c.recorded_at')}) ORDER BY c.id), '[]')
     FROM contact c WHERE c.application_id = $1 AND c.set_no = ${CURRENT_CONTACT_SET}) AS view_contacts,
  (SELECT coalesce(json_agg(json_build_object(
            'kind', ch.kind, 'at', ${iso('ch.at')}, 'eventType', ch.event_type, 'eventId', ch.event_id, 'ref', ch.ref)
            ORDER BY ch.at, ch.event_id), '[]')
     FROM case_change ch WHERE ch.application_id = $1) AS view_changes,
  (SELECT json_build_object('decision', q.decision, 'reason', q.reason, 'decidedAt', ${iso('q.decided_at')},
            'decidedBy', q.decided_by)
     FROM qualification q WHERE q.application_id = $1 ORDER BY q.id DESC LIMIT 1) AS view_qualification
FROM application a WHERE a.id = $1`;

interface ViewRow extends ApplicationRow {
  view_contacts: (Omit<ContactView, 'department'> & { role: ContactRole; department: string | null })[];
  view_changes: (Omit<CaseChangeView, 'ref'> & { ref: string | null })[];
  view_qualification: QualificationView | null;
}

/**
 * The case view of one case, or NOT_FOUND — also, when `caller` is given, for a caller who is not one of its parties
 * (a read's only check: the parties are on the row it reads anyway).
 */
export async function readCaseView(
  m: EntityManager,
  id: string,
  lgwanCenter: ActionContact[],
  caller?: Caller,
): Promise<CaseView> {
  const [row]: ViewRow[] = await m.query(VIEW_SQL, [id]);
  const party =
    row &&
    (!caller ||
      isCaseParty(caller, {
        applicationId: id,
        organizationCode: row.organization_code,
        contractorId: row.contractor_id,
      }));
  if (!row || !party) throw DomainError.notFound('Application', id);
  const summary = summaryOf(row, lgwanCenter);
  return {
    ...caseFieldsOf(row),
    requestedAt: summary.requestedAt,
    qualification: row.view_qualification,
    steps: row.steps,
    changes: row.view_changes.map(({ ref, ...change }) => ({ ...change, ...(ref ? { ref } : {}) })),
    nextActions: summary.nextActions,
    contacts: row.view_contacts.map(({ department, ...c }) => ({
      role: c.role,
      name: c.name,
      ...(department ? { department } : {}),
      phone: c.phone,
      email: c.email,
      source: c.source,
      since: c.since,
    })),
  };
}
