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
} as const;

export type AccessEnvironment = 'test' | 'production';

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
}
