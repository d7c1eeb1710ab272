import type { StepActor, StepCode, StepStatus } from '../steps/step.types';
import type { ApplicationStatus, ContactSnapshot, VerifierKind } from './intake.events';

/** One step of the case view (api.md). `at`: when it reached its status; `effectiveOn`: a date it takes effect. */
export interface CaseStepView {
  code: StepCode;
  status: StepStatus;
  at?: string;
  effectiveOn?: string;
}

/** An A-13 entry: a change after go-live (system/member change, contact change, re-granted access). */
export interface CaseChangeView {
  kind: string;
  at: string;
  eventType: string;
  eventId: string;
  /** The submission or grant the change is about, when the event names one. */
  ref?: string;
}

/** Where an action is done outside the suite: the LGWAN 全国センター's addresses (configuration, seed A-8). */
export interface ActionContact {
  name: string;
  email: string;
  /** Which network the address is reached on. */
  network: 'internet' | 'lgwan';
}

export interface NextActionView {
  step: StepCode;
  actor: StepActor;
  action: string;
  /** Who to contact for it, when it is done with someone outside the suite (the LGPKI task: the LGWAN 全国センター). */
  contacts?: ActionContact[];
}

export interface ContactView extends ContactSnapshot {
  /** Where this set of contacts came from: 'A-1' (the start request) or 'A-11-3' (an accepted form). */
  source: string;
  since: string;
}

export interface QualificationView {
  decision: 'qualified' | 'rejected';
  reason: string | null;
  decidedAt: string;
  decidedBy: string;
}

/** The case view of api.md. */
export interface CaseView {
  id: string;
  /** the day the test was recorded finished, or null. */
  testCompletedOn: string | null;
  /** 受付番号, `JPKI-2026-00042` (reception-number.ts): what people say and write instead of the id. */
  receptionNumber: string;
  organizationCode: string;
  organizationName: string;
  verifierName: string;
  verifierKinds: VerifierKind[];
  department: string;
  status: ApplicationStatus;
  contractorId: string | null;
  wantsOnlineTest: boolean;
  requestedAt: string;
  qualification: QualificationView | null;
  steps: CaseStepView[];
  changes: CaseChangeView[];
  nextActions: NextActionView[];
  contacts: ContactView[];
}

/** A row of `GET /applications`: the case without its contacts and changes. */
export interface CaseSummaryView {
  id: string;
  receptionNumber: string;
  organizationCode: string;
  organizationName: string;
  verifierName: string;
  verifierKinds: VerifierKind[];
  status: ApplicationStatus;
  contractorId: string | null;
  wantsOnlineTest: boolean;
  requestedAt: string;
  openSteps: StepCode[];
  waitingFor: StepActor[];
  nextActions: NextActionView[];
}

/** One event of the case timeline, oldest first. */
export interface TimelineEntryView {
  eventId: string;
  type: string;
  at: string;
  actor: { sub: string; role: string };
  summary: string;
  /** Steps the event moved, e.g. ['A-3:done']. */
  steps: string[];
}
