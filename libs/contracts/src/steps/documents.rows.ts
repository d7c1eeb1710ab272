import { ChangeTransition, StepTransition } from './step.types';

/** Rows of the step table contributed by the documents service's events. */
export const DOCUMENTS_STEP_ROWS: readonly StepTransition[] = [];
export const DOCUMENTS_CHANGE_ROWS: readonly ChangeTransition[] = [];
