/** Events of the access service (add fields freely; never rename or remove). */
export const AccessEvents = {
  ContractorRegistered: 'access.contractor.registered',
  ContractorUpdated: 'access.contractor.updated',
  /** A connection method catalogue entry (defaults: lgwan, internet-vpn, dedicated-line). */
  ConnectionMethodDefined: 'access.connection-method.defined',
  ConnectionRegistered: 'access.connection.registered',
  ConnectionWithdrawn: 'access.connection.withdrawn',
  /** A case links to an existing test registration instead of an A-08-1 (R8). */
  ConnectionLinked: 'access.connection.linked',
  LgwanTaskCompleted: 'access.lgwan-task.completed',
  /** A grant was made: status active (effective now) or scheduled (from effectiveOn). */
  GrantCreated: 'access.grant.created',
  /** A scheduled grant took effect on its start date. */
  GrantEffective: 'access.grant.effective',
  GrantSuperseded: 'access.grant.superseded',
  GrantSuspended: 'access.grant.suspended',
  GrantRevoked: 'access.grant.revoked',
  GrantReinstated: 'access.grant.reinstated',
  /** A production grant, suspension or revocation proposed by one operator, waiting for another's approval. */
  DecisionProposed: 'access.decision.proposed',
  /** The last approval a decision needed: it was carried out (the grant event follows in the same transaction). */
  DecisionApproved: 'access.decision.approved',
  /** The approved A-11-2 (申請書兼承認書) of a production grant rendered as a PDF (ApprovalDocumentPayload). */
  ApprovalDocumentIssued: 'access.approval-document.issued',
  /** Added: A-11 complete — A-11-1, A-11-2, URL and A-11-3 accepted for the case (ProductionReadyPayload). */
  ProductionReady: 'access.production.ready',
  /** A test grant ends in TEST_ACCESS_NOTICE_DAYS (a week) unless extended (TestAccessTermPayload). */
  TestAccessExpiring: 'access.test-access.expiring',
  /** A test grant reached the end of its term: access ended (logged as revoked, reason the term). */
  TestAccessExpired: 'access.test-access.expired',
  /** An operator extended a test grant's term. */
  TestAccessExtended: 'access.test-access.extended',
} as const;

export interface TestAccessTermPayload {
  grantId: string;
  applicationId: string;
  contractorId: string | null;
  /** The first day without test access. */
  expiresOn: string;
  /** The last day with it (the day before expiresOn). */
  lastDay: string;
  /** Extended: the operator's reason. */
  reason?: string;
}

export type AccessEnvironment = 'test' | 'production';

/** What people call each environment; the codes never reach a person. */
export const ACCESS_ENVIRONMENT_NAMES: Record<AccessEnvironment, { ja: string; en: string }> = {
  test: { ja: 'テスト環境', en: 'test environment' },
  production: { ja: '本番環境', en: 'production environment' },
};

export interface ContractorPayload {
  contractorId: string;
  name: string;
  corporateNumber: string;
  email: string;
}

export interface ConnectionMethodPayload {
  code: string;
  name: string;
  active: boolean;
}

export interface ConnectionPayload {
  connectionId: string;
  contractorId: string;
  environment: AccessEnvironment;
  method: string;
  cidrs: string[];
  applicationId?: string;
}

export interface GrantPayload {
  grantId: string;
  applicationId: string;
  environment: AccessEnvironment;
  status: 'active' | 'scheduled' | 'superseded' | 'suspended' | 'revoked';
  effectiveOn: string;
  contractorId: string | null;
  cidrs: string[];
  approval?: { number: string; approvedOn: string; approver: string };
  /** the grant this one replaces from its start date. */
  supersedes?: string | null;
  reason?: string;
  /** R10 override reason kept with the grant. */
  overrideReason?: string | null;
  /** Added: the registration the grant opens, its method, the approved submission (A-08-1 / A-11-2). */
  connectionId?: string | null;
  method?: string | null;
  submissionId?: string | null;
  /** Added: A-13 change kind (system-change, member-change) when the grant supersedes another. */
  changeKind?: string | null;
}

export interface DecisionPayload {
  decisionId: string;
  applicationId: string;
  environment: AccessEnvironment;
  kind: 'production-grant' | 'suspension' | 'revocation';
  status: 'proposed' | 'approved';
  grantId: string | null;
  submissionId: string | null;
  reason: string | null;
  /** Names (the token's name claim) and times; never login ids. */
  proposedBy: { name: string; at: string };
  approvedBy: { name: string; at: string }[];
  /** The approval number of the grant made (production grants, once approved). */
  approvalNumber?: string | null;
}

export interface ApprovalDocumentPayload {
  grantId: string;
  applicationId: string;
  contractorId: string | null;
  approvalNumber: string;
  approvedOn: string;
  /** The approving operator's name. */
  approver: string;
  filename: string;
  contentType: 'application/pdf';
  /** The PDF itself (a few kilobytes: the font is subset), so the letter can carry it without asking access. */
  contentBase64: string;
}

export interface ProductionReadyPayload {
  applicationId: string;
  /** The accepted submissions that made A-11 complete, by form. */
  submissions: Record<string, string>;
}

export interface ConnectionLinkedPayload {
  linkId: string;
  connectionId: string;
  contractorId: string;
  applicationId: string;
  environment: AccessEnvironment;
  viaLgpki: boolean;
  /** 'link' (POST connection-links), 'A-08-1' or 'A-11-2'. */
  source: string;
}

export interface LgwanTaskCompletedPayload {
  applicationId: string;
  completedOn: string;
}
