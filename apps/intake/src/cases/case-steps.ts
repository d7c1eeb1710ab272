import {
  ApplicationStatus,
  ActionContact,
  CaseStepView,
  NextActionView,
  STEP_CODES,
  STEP_DEFINITIONS,
  StepActor,
  StepCode,
  StepStatus,
  StepTransition,
  LGWAN_TASK_ACTION,
  CONTRACTOR_A0302_ACTION,
  testCompletionMissing,
  VerifierKind,
  verifierKindsJa,
  verifierRoleJa,
} from '@jlis/contracts';

/**
 * What the step table has set so far, per step: the row of the newest event (by the time it occurred, then its id,
 * so any delivery order gives the same state); `done` is never undone.
 */
export interface RecordedStep {
  status: StepStatus;
  at: string;
  effectiveOn?: string;
  /** The event that set it: breaks a tie between events of the same instant. */
  eventId?: string;
}
export type RecordedSteps = Partial<Record<StepCode, RecordedStep>>;

/** Statuses after which nothing more happens on a case: its remaining steps are not needed. */
export const CLOSED_STATUSES: readonly ApplicationStatus[] = ['rejected', 'withdrawn'];
/** Statuses of a case that still counts as open for its organisation (one open case per verifier kind). */
export const OPEN_STATUSES: readonly ApplicationStatus[] = ['requested', 'qualified', 'live', 'suspended'];
/** Statuses in which the case can no longer be edited. */
export const FINISHED_STATUSES: readonly ApplicationStatus[] = ['rejected', 'withdrawn', 'revoked'];

const ONLINE_TEST_STEPS: readonly StepCode[] = ['A-8', 'A-9'];

/** Whether an event at `at` (with id `eventId`) is older than what set `step`. */
function olderThan(step: RecordedStep, at: string, eventId: string | undefined): boolean {
  const [mine, theirs] = [Date.parse(at), Date.parse(step.at)];
  if (mine !== theirs) return mine < theirs;
  return (eventId ?? '') < (step.eventId ?? '');
}

/** Applies the rows an event matched; `effectiveOnField` reads a date from the payload. */
export function applyTransitions(
  recorded: RecordedSteps,
  transitions: readonly StepTransition[],
  at: string,
  payload: Record<string, unknown>,
  eventId?: string,
): RecordedSteps {
  const next: RecordedSteps = { ...recorded };
  for (const row of transitions) {
    const current = next[row.step];
    if (current) {
      // A step once done stays done: a late or repeated event (a second spec delivery, a further loan) must not
      // reopen a finished step in the case view. Its own history stays in the timeline.
      if (current.status === 'done' && row.status !== 'done') continue;
      // Otherwise the newest event decides, not the last to arrive (a loan's "waiting" delivered after its
      // "allocated"; an amended agreement's date before the first one's). So in any delivery order a step shows
      // its newest "done" if it has one, else its newest state.
      const doneOverOpen = row.status === 'done' && current.status !== 'done';
      if (!doneOverOpen && olderThan(current, at, eventId)) continue;
    }
    const effectiveOn = row.effectiveOnField ? payload[row.effectiveOnField] : undefined;
    next[row.step] = {
      status: row.status,
      at,
      ...(typeof effectiveOn === 'string' ? { effectiveOn } : {}),
      ...(eventId ? { eventId } : {}),
    };
  }
  return next;
}

/**
 * The steps A-1 … A-12 as the case view shows them: what the step table recorded, over the defaults —
 * A-1 done (the case exists because of it), A-2 open until decided, later steps waiting — then the case's
 * own facts: without the online test are not needed; A-10 stays open after the cards are back until a case
 * that wanted the online test records its end; on a rejected or withdrawn case every step not done is not needed.
 */
export function caseSteps(
  recorded: RecordedSteps,
  facts: { status: ApplicationStatus; wantsOnlineTest: boolean; requestedAt: string; testCompletedOn?: string | null },
): CaseStepView[] {
  return STEP_CODES.map((code) => {
    const fallback: RecordedStep =
      code === 'A-1'
        ? { status: 'done', at: facts.requestedAt }
        : code === 'A-2'
          ? { status: 'open', at: facts.requestedAt }
          : { status: 'waiting', at: '' };
    // A-1 is done when the case was requested, by definition: its time is the case's requestedAt.
    const step =
      code === 'A-1' ? { ...fallback, ...recorded[code], at: facts.requestedAt } : (recorded[code] ?? fallback);
    let status = step.status;
    // A-10 is done when the cards are back and, for a case that wanted the online test, its end is recorded too.
    if (code === 'A-10' && status === 'done' && testCompletionMissing(facts)) status = 'open';
    if (status !== 'done' && !facts.wantsOnlineTest && ONLINE_TEST_STEPS.includes(code)) status = 'not-needed';
    if (status !== 'done' && CLOSED_STATUSES.includes(facts.status)) status = 'not-needed';
    const view: CaseStepView = { code, status };
    if (step.at && status === step.status) view.at = step.at;
    if (step.effectiveOn && status === step.status) view.effectiveOn = step.effectiveOn;
    return view;
  });
}

/** A step's title or action for this case: `{role}` and `{kind}` name its verifier kinds (step-definitions.ts). */
export function stepText(text: string, kinds: readonly VerifierKind[]): string {
  return text.replaceAll('{role}', verifierRoleJa(kinds)).replaceAll('{kind}', verifierKindsJa(kinds));
}

/** Who must do what next: one entry per open step, from STEP_DEFINITIONS, in the words of the case's kinds. */
export function nextActions(steps: readonly CaseStepView[], kinds: readonly VerifierKind[]): NextActionView[] {
  return steps
    .filter((s) => s.status === 'open')
    .map((s) => {
      const definition = STEP_DEFINITIONS.find((d) => d.code === s.code)!;
      return { step: s.code, actor: definition.actor, action: stepText(definition.action, kinds) };
    });
}

/**
 * R9: a case verifying via LGPKI whose LGWAN 全国センター procedure is not recorded yet is asked for it (with the
 * center's addresses), whatever A-8's form shows — test access waits for it — until the case is finished.
 */
export function lgpkiTaskAction(
  facts: { viaLgpki: boolean; lgwanTaskDone: boolean; status: ApplicationStatus },
  contacts: ActionContact[],
): NextActionView[] {
  if (!facts.viaLgpki || facts.lgwanTaskDone || FINISHED_STATUSES.includes(facts.status)) return [];
  return [{ step: 'A-8', actor: 'applicant', action: LGWAN_TASK_ACTION, contacts }];
}

/**
 * R4, A-13: once A-3 is done, a contractor the case names without an accepted A-03-2 naming it (a contractor change,
 * or one named after A-3) is owed its own A-03-2 before specifications go on to it.
 */
export function contractorA0302Action(facts: {
  contractorId: string | null;
  a0302Contractors: readonly string[];
  a3Done: boolean;
  status: ApplicationStatus;
}): NextActionView[] {
  if (!facts.contractorId || !facts.a3Done || FINISHED_STATUSES.includes(facts.status)) return [];
  if (facts.a0302Contractors.includes(facts.contractorId)) return [];
  return [{ step: 'A-3', actor: 'applicant', action: CONTRACTOR_A0302_ACTION }];
}

export function openSteps(steps: readonly CaseStepView[]): StepCode[] {
  return steps.filter((s) => s.status === 'open').map((s) => s.code);
}

/** The actors of the open steps (a case may wait for both at once, e.g. ). */
export function waitingFor(steps: readonly CaseStepView[]): StepActor[] {
  return [
    ...new Set(
      steps.filter((s) => s.status === 'open').map((s) => STEP_DEFINITIONS.find((d) => d.code === s.code)!.actor),
    ),
  ].sort();
}
