import { ACCESS_CHANGE_ROWS, ACCESS_STEP_ROWS } from './access.rows';
import { CARDS_CHANGE_ROWS, CARDS_STEP_ROWS } from './cards.rows';
import { DOCUMENTS_CHANGE_ROWS, DOCUMENTS_STEP_ROWS } from './documents.rows';
import { INTAKE_CHANGE_ROWS, INTAKE_STEP_ROWS } from './intake.rows';
import { ChangeTransition, StepTransition } from './step.types';

/**
 * The table that maps events to step states. Each service contributes rows in its own file;
 * intake projects the case view from it, so a new service only adds rows.
 */
export const STEP_TABLE: readonly StepTransition[] = [
  ...INTAKE_STEP_ROWS,
  ...DOCUMENTS_STEP_ROWS,
  ...CARDS_STEP_ROWS,
  ...ACCESS_STEP_ROWS,
];

export const CHANGE_TABLE: readonly ChangeTransition[] = [
  ...INTAKE_CHANGE_ROWS,
  ...DOCUMENTS_CHANGE_ROWS,
  ...CARDS_CHANGE_ROWS,
  ...ACCESS_CHANGE_ROWS,
];

export function transitionsFor(eventType: string, payload: Record<string, unknown>): StepTransition[] {
  return STEP_TABLE.filter((row) => row.event === eventType && (!row.when || row.when(payload)));
}

export function changesFor(eventType: string, payload: Record<string, unknown>): ChangeTransition[] {
  return CHANGE_TABLE.filter((row) => row.event === eventType && (!row.when || row.when(payload)));
}
