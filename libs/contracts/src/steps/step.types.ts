/** The steps of the procedure (domain.md). A-13 is not a step of the walk but a list of changes. */
export const STEP_CODES = [
  'A-1',
  'A-2',
  'A-3',
  'A-4',
  'A-5',
  'A-6',
  'A-7',
  'A-8',
  'A-9',
  'A-10',
  'A-11',
  'A-12',
] as const;
export type StepCode = (typeof STEP_CODES)[number];

/** Changing a value needs a migration plan: case views are stored with them. */
export const STEP_STATUSES = ['done', 'open', 'waiting', 'scheduled', 'not-needed'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export type StepActor = 'applicant' | 'operator';

export interface StepDefinition {
  code: StepCode;
  actor: StepActor;
  /** Japanese name of the step as in the seed. */
  title: string;
  /** What the actor must do while the step is open (Japanese, then English for operators). */
  action: string;
}

/**
 * One row of the step table: when an event of `event` type arrives for a case, `step` takes `status`.
 * `effectiveOnField` names a payload field holding a date shown as the step's `effectiveOn`.
 * `when` narrows the row to some payloads (e.g. only an accepted A-03-1).
 */
export interface StepTransition {
  event: string;
  step: StepCode;
  status: StepStatus;
  effectiveOnField?: string;
  when?: (payload: Record<string, unknown>) => boolean;
}

/** A row that adds an entry to the case's A-13 `changes` list. */
export interface ChangeTransition {
  event: string;
  kind: string;
  when?: (payload: Record<string, unknown>) => boolean;
}
