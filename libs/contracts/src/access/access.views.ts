import type { AccessEnvironment } from './access.events';

/** Shapes the access service answers with (documented in docs/access.md). */
export interface ContractorView {
  id: string;
  name: string;
  corporateNumber: string;
  email: string;
  version: number;
  registeredAt: string;
}

export interface ConnectionView {
  id: string;
  contractorId: string;
  environment: AccessEnvironment;
  method: string;
  cidrs: string[];
  registeredAt: string;
  registeredBy: string;
  withdrawnAt: string | null;
  /** Cases that currently use this registration (links not released). */
  linkedCases: number;
}

export interface ConnectionLinkView {
  id: string;
  applicationId: string;
  connectionId: string;
  environment: AccessEnvironment;
  viaLgpki: boolean;
  /** 'link' (POST connection-links), 'A-08-1', 'A-11-2'. */
  source: string;
  submissionId: string | null;
  linkedAt: string;
  linkedBy: string;
  releasedAt: string | null;
}

export type GrantStatus = 'scheduled' | 'active' | 'superseded' | 'suspended' | 'revoked';

export interface GrantView {
  id: string;
  applicationId: string;
  environment: AccessEnvironment;
  /** State on the asked date (default today in Japan). */
  status: GrantStatus;
  effectiveOn: string;
  /** Last day in effect when known (the day before a successor took effect, or before revocation). */
  effectiveUntil: string | null;
  contractorId: string | null;
  connectionId: string | null;
  method: string | null;
  cidrs: string[];
  submissionId: string | null;
  approval: { number: string; approvedOn: string; approver: string };
  supersedes: string | null;
  supersededBy: string | null;
  changeKind: string | null;
  overrideReason: string | null;
  grantedBy: string;
  grantedAt: string;
  /** The two-person decision that made the grant (production), or null. */
  decisionId: string | null;
}

/** The decisions two operators take together (APPROVALS_REQUIRED people: the proposer and the approvers). */
export const ACCESS_DECISION_KINDS = ['production-grant', 'suspension', 'revocation'] as const;
export type AccessDecisionKind = (typeof ACCESS_DECISION_KINDS)[number];
export const ACCESS_DECISION_STATUSES = ['proposed', 'approved'] as const;
export type AccessDecisionStatus = (typeof ACCESS_DECISION_STATUSES)[number];

/** A person and when they acted: the token's name, never the login id. */
export interface DecisionSignature {
  name: string;
  at: string;
}

export interface AccessDecisionView {
  id: string;
  applicationId: string;
  environment: AccessEnvironment;
  kind: AccessDecisionKind;
  status: AccessDecisionStatus;
  /** The grant suspended or revoked; for a production grant, the grant made once approved. */
  grantId: string | null;
  /** The accepted A-11-2 a production grant is proposed on. */
  submissionId: string | null;
  reason: string | null;
  overrideReason: string | null;
  /** People needed in all, the proposer included (APPROVALS_REQUIRED when proposed). */
  approvalsRequired: number;
  proposedBy: DecisionSignature;
  approvedBy: DecisionSignature[];
  /** The grant after the decision was carried out (null while proposed). */
  grant: GrantView | null;
}

export interface GrantHistoryEntry {
  grantId: string;
  kind: 'created' | 'effective' | 'superseded' | 'suspended' | 'revoked' | 'reinstated';
  onDate: string;
  at: string;
  actor: string;
  reason: string | null;
}

export interface CaseAccessView {
  applicationId: string;
  date: string;
  grants: GrantView[];
  registrations: ConnectionView[];
  links: ConnectionLinkView[];
  lgwanTask: { completedOn: string; recordedBy: string; recordedAt: string } | null;
  history: GrantHistoryEntry[];
  /** Two-person decisions on the case's access, proposed and approved, oldest first. */
  decisions: AccessDecisionView[];
}

export interface AllowlistCase {
  applicationId: string;
  organizationCode: string | null;
  verifierName: string | null;
  grantId: string;
  effectiveOn: string;
  effectiveUntil: string | null;
}

export interface AllowlistEntry {
  cidr: string;
  environment: AccessEnvironment;
  method: string | null;
  contractorId: string | null;
  contractorName: string | null;
  corporateNumber: string | null;
  cases: AllowlistCase[];
  /** The earliest start among the cases and the latest known end (null: open-ended). */
  effectiveFrom: string;
  effectiveUntil: string | null;
}

export interface AllowlistView {
  environment: AccessEnvironment;
  date: string;
  entries: AllowlistEntry[];
}
