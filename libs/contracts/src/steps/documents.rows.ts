import { DocumentsEvents } from '../documents/documents.events';
import { ChangeTransition, StepTransition } from './step.types';

const A3_FORMS = ['A-03-1', 'A-03-2', 'A-03-3', 'A-03-4'];
const isA3 = (p: Record<string, unknown>) => A3_FORMS.includes(String(p.form));

/** Rows of the step table contributed by the documents service's events. */
export const DOCUMENTS_STEP_ROWS: readonly StepTransition[] = [
  // A-4 is the operator's while an A-3 submission awaits review (before the applications are complete).
  {
    event: DocumentsEvents.SubmissionReceived,
    step: 'A-4',
    status: 'open',
    when: (p) => isA3(p) && p.afterCompletion !== true,
  },
  { event: DocumentsEvents.ApplicationsCompleted, step: 'A-3', status: 'done' },
  { event: DocumentsEvents.ApplicationsCompleted, step: 'A-4', status: 'done' },
  { event: DocumentsEvents.ApplicationsCompleted, step: 'A-7', status: 'open' },
  // A-5 is the operator's once the applications are accepted (R5 needs A-03-1 and A-03-3).
  { event: DocumentsEvents.ApplicationsCompleted, step: 'A-5', status: 'open' },
  { event: DocumentsEvents.SpecDelivered, step: 'A-5', status: 'done' },
  { event: DocumentsEvents.SpecDelivered, step: 'A-6', status: 'open' },
  { event: DocumentsEvents.AgreementConcluded, step: 'A-7', status: 'done', effectiveOnField: 'effectiveFrom' },
];

/** accepted changes after go-live (a new A-11-2 for a system or member change, a new A-11-3 for contacts). */
export const DOCUMENTS_CHANGE_ROWS: readonly ChangeTransition[] = [
  {
    event: DocumentsEvents.SubmissionAccepted,
    kind: 'system-change',
    when: (p) => p.form === 'A-11-2' && (p.fields as { reason?: string } | undefined)?.reason === 'system-change',
  },
  {
    event: DocumentsEvents.SubmissionAccepted,
    kind: 'member-change',
    when: (p) => p.form === 'A-11-2' && (p.fields as { reason?: string } | undefined)?.reason === 'member-change',
  },
  {
    event: DocumentsEvents.SubmissionAccepted,
    kind: 'contact-change',
    when: (p) => p.form === 'A-11-3' && p.afterGoLive === true,
  },
];
