import { AccessEvents } from '../access/access.events';
import { DocumentsEvents } from '../documents/documents.events';
import { ChangeTransition, StepTransition } from './step.types';

const isTest = (p: Record<string, unknown>) => p.environment === 'test';
const isProduction = (p: Record<string, unknown>) => p.environment === 'production';
/** A first production grant; a grant that supersedes another is an A-13 change, not A-12. */
const isFirstProduction = (p: Record<string, unknown>) => isProduction(p) && !p.supersedes;
const isChange = (p: Record<string, unknown>) => isProduction(p) && !!p.supersedes;

/** Rows of the step table contributed by the access service's events. */
export const ACCESS_STEP_ROWS: readonly StepTransition[] = [
  // an accepted A-08-1, or a link to a registration the contractor already made for another local government (R8).
  { event: DocumentsEvents.SubmissionAccepted, step: 'A-8', status: 'done', when: (p) => p.form === 'A-08-1' },
  { event: AccessEvents.ConnectionLinked, step: 'A-8', status: 'done', when: isTest },
  // A-8 is the applicant's once the A-3 applications (with A-03-4, test-environment use) are complete; A-9 is the
  // operator's once A-8 is done. (intake shows both not-needed when the case does not want the online test.)
  { event: DocumentsEvents.ApplicationsCompleted, step: 'A-8', status: 'open' },
  { event: DocumentsEvents.SubmissionAccepted, step: 'A-9', status: 'open', when: (p) => p.form === 'A-08-1' },
  { event: AccessEvents.ConnectionLinked, step: 'A-9', status: 'open', when: isTest },
  // A-11 is the applicant's once the agreement exists (its start date is bounded by it, R11); A-12 the operator's
  // once the A-11 papers are accepted.
  { event: DocumentsEvents.AgreementConcluded, step: 'A-11', status: 'open' },
  { event: AccessEvents.ProductionReady, step: 'A-12', status: 'open' },
  // test access set.
  { event: AccessEvents.GrantCreated, step: 'A-9', status: 'done', when: isTest },
  // A-11-1, A-11-2, URL and A-11-3 accepted.
  { event: AccessEvents.ProductionReady, step: 'A-11', status: 'done' },
  // scheduled until the start date, done when in effect.
  {
    event: AccessEvents.GrantCreated,
    step: 'A-12',
    status: 'scheduled',
    effectiveOnField: 'effectiveOn',
    when: (p) => isFirstProduction(p) && p.status === 'scheduled',
  },
  {
    event: AccessEvents.GrantCreated,
    step: 'A-12',
    status: 'done',
    effectiveOnField: 'effectiveOn',
    when: (p) => isFirstProduction(p) && p.status === 'active',
  },
  {
    event: AccessEvents.GrantEffective,
    step: 'A-12',
    status: 'done',
    effectiveOnField: 'effectiveOn',
    when: isFirstProduction,
  },
];

/** production access granted again on a new A-11-2, and the day it replaces the previous grant. */
export const ACCESS_CHANGE_ROWS: readonly ChangeTransition[] = [
  { event: AccessEvents.GrantCreated, kind: 'access-change-granted', when: isChange },
  { event: AccessEvents.GrantEffective, kind: 'access-change-effective', when: isChange },
  { event: AccessEvents.GrantSuperseded, kind: 'access-superseded', when: isProduction },
];
