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
