/**
 * Events of the intake service. Changing a type string or removing a field needs a migration plan:
 * other services' projections and stored timelines depend on them. Add fields freely.
 */
export const VERIFIER_KINDS = ['signature', 'user-certificate'] as const;
export type VerifierKind = (typeof VERIFIER_KINDS)[number];

/** Case statuses (see docs/lifecycle.md). */
export const APPLICATION_STATUSES = [
  'requested',
  'qualified',
  'rejected',
  'live',
  'suspended',
  'revoked',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const CONTACT_ROLES = ['primary', 'secondary', 'technical'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export interface ContactSnapshot {
  role: ContactRole;
  name: string;
  department?: string;
  phone: string;
  email: string;
}

/**
 * The whole case as intake holds it, carried by every `intake.application.*` event so that other
 * services keep a projection (parties, verifier kinds, online test wish, contacts) by upserting it when
 * the event's aggregateVersion is newer than theirs.
 */
export interface ApplicationSnapshot {
  id: string;
  organizationCode: string;
  organizationName: string;
  verifierName: string;
  verifierKinds: VerifierKind[];
  department: string;
  status: ApplicationStatus;
  contractorId: string | null;
  wantsOnlineTest: boolean;
  contacts: ContactSnapshot[];
  requestedAt: string;
}

export const IntakeEvents = {
  /** */
  ApplicationRequested: 'intake.application.requested',
  /** A-2, qualified. */
  ApplicationQualified: 'intake.application.qualified',
  /** A-2, rejected (payload.reason). */
  ApplicationRejected: 'intake.application.rejected',
  /** PATCH (wantsOnlineTest) or any other edit of the case's own fields. */
  ApplicationUpdated: 'intake.application.updated',
  /** The case names (or renames) its system contractor. */
  ApplicationContractorNamed: 'intake.application.contractor-named',
  /** Contacts replaced (an accepted A-11-3); history kept in intake. */
  ApplicationContactsChanged: 'intake.application.contacts-changed',
  /** Status moved by the lifecycle (live, suspended, revoked, withdrawn). */
  ApplicationStatusChanged: 'intake.application.status-changed',
} as const;

export interface ApplicationEventPayload {
  application: ApplicationSnapshot;
  /** Rejection reason, status-change reason. */
  reason?: string;
  previousContractorId?: string | null;
}
