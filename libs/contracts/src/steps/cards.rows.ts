import { ChangeTransition, StepTransition } from './step.types';

/** Rows of the step table contributed by the cards service's events. */
export const CARDS_STEP_ROWS: readonly StepTransition[] = [];
export const CARDS_CHANGE_ROWS: readonly ChangeTransition[] = [];
