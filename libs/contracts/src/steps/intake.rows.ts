import { IntakeEvents } from '../intake/intake.events';
import { ChangeTransition, StepTransition } from './step.types';

/**
 * Rows of the step table contributed by the intake service's events. Defaults that no event sets (A-2 open
 * after A-1, later steps waiting, A-8/A-9 not-needed without the online test, the rest not-needed on a
 * rejected or withdrawn case) are applied by intake's case view, see docs/intake.md.
 */
export const INTAKE_STEP_ROWS: readonly StepTransition[] = [
  { event: IntakeEvents.ApplicationRequested, step: 'A-1', status: 'done' },
  { event: IntakeEvents.ApplicationQualified, step: 'A-2', status: 'done' },
  { event: IntakeEvents.ApplicationRejected, step: 'A-2', status: 'done' },
  { event: IntakeEvents.ApplicationQualified, step: 'A-3', status: 'open' },
];
/**
 * naming another system contractor, before or after go-live (its A-03-2, NDA and production A-11-2 follow).
 * A contact change after go-live is an A-11-3 accepted by documents (its rows).
 */
export const INTAKE_CHANGE_ROWS: readonly ChangeTransition[] = [
  {
    event: IntakeEvents.ApplicationContractorNamed,
    kind: 'contractor-change',
    when: (p) => typeof p.previousContractorId === 'string',
  },
];
