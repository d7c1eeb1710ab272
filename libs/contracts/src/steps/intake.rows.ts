import { ChangeTransition, StepTransition } from './step.types';

/** Rows of the step table contributed by the intake service's events. */
export const INTAKE_STEP_ROWS: readonly StepTransition[] = [];
export const INTAKE_CHANGE_ROWS: readonly ChangeTransition[] = [];
