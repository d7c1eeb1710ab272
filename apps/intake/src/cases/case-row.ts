import {
  ActionContact,
  ApplicationStatus,
  CaseStepView,
  CaseSummaryView,
  StepActor,
  StepCode,
  VerifierKind,
} from '@jlis/contracts';
import { contractorA0302Action, lgpkiTaskAction, nextActions, RecordedSteps } from './case-steps';

/** A row of `application` as intake reads it. */
export interface ApplicationRow {
  id: string;
  reception_number: string;
  organization_code: string;
  organization_name: string;
  verifier_name: string;
  verifier_kinds: VerifierKind[];
  department: string;
  status: ApplicationStatus;
  contractor_id: string | null;
  wants_online_test: boolean;
  /** `YYYY-MM-DD` as read by `find` (to_char), so no time zone can shift the day. */
  test_completed_on: string | null;
  requested_at: Date;
  requested_by: string;
  version: number;
  step_state: RecordedSteps;
  steps: CaseStepView[];
  open_steps: StepCode[];
  waiting_for: StepActor[];
  /** R9 facts (absent from rows read without them). */
  via_lgpki?: boolean;
  lgwan_task_done?: boolean;
  /** Contractors an accepted A-03-2 named (absent from rows read without it). */
  a0302_contractors?: string[];
}

/** The case's own fields as every view of it names them (the snapshot events carry and the case view). */
export function caseFieldsOf(row: ApplicationRow) {
  return {
    id: row.id,
    receptionNumber: row.reception_number,
    organizationCode: row.organization_code,
    organizationName: row.organization_name,
    verifierName: row.verifier_name,
    verifierKinds: row.verifier_kinds,
    department: row.department,
    status: row.status,
    contractorId: row.contractor_id,
    wantsOnlineTest: row.wants_online_test,
    testCompletedOn: row.test_completed_on,
  };
}

/**
 * The set number of a case's current contacts ($1 = the case): the set of the latest A-11-3 by documents' order
 * (series, then round; A-1's set is 0, 0), not the last one to arrive.
 */
export const CURRENT_CONTACT_SET = `(SELECT set_no FROM contact WHERE application_id = $1 ORDER BY series DESC, round DESC, set_no DESC LIMIT 1)`;

/** The case as lists and views show it; `lgwanCenter` are the addresses the LGPKI task names (IntakeConfig). */
export function summaryOf(row: ApplicationRow, lgwanCenter: ActionContact[] = []): CaseSummaryView {
  // A list row leaves out what only the full view shows.
  const { department: _department, testCompletedOn: _testCompletedOn, ...fields } = caseFieldsOf(row);
  return {
    ...fields,
    requestedAt: row.requested_at.toISOString(),
    openSteps: row.open_steps,
    waitingFor: row.waiting_for,
    nextActions: [
      ...nextActions(row.steps, row.verifier_kinds),
      ...contractorA0302Action({
        contractorId: row.contractor_id,
        a0302Contractors: row.a0302_contractors ?? [row.contractor_id ?? ''],
        a3Done: row.steps.some((s) => s.code === 'A-3' && s.status === 'done'),
        status: row.status,
      }),
      ...lgpkiTaskAction(
        { viaLgpki: row.via_lgpki ?? false, lgwanTaskDone: row.lgwan_task_done ?? false, status: row.status },
        lgwanCenter,
      ),
    ],
  };
}
