import { ChangeTransition, StepTransition } from './step.types';

/** Rows of the step table contributed by the access service's events. */
export const ACCESS_STEP_ROWS: readonly StepTransition[] = [];
export const ACCESS_CHANGE_ROWS: readonly ChangeTransition[] = [];
