import { ApiProperty } from '@nestjs/swagger';
import { ACCESS_DECISION_KINDS, ACCESS_DECISION_STATUSES, ACCESS_ENVIRONMENTS } from '@jlis/contracts';
import type * as C from '@jlis/contracts';

/*
 * The OpenAPI shapes of the access service's answers. Each class implements the contract's view, so a field the
 * service adds or changes fails to compile here until the document says so too.
 */

const GRANT_STATUSES = ['scheduled', 'active', 'superseded', 'suspended', 'revoked'] as const;
const GRANT_HISTORY_KINDS = ['created', 'effective', 'superseded', 'suspended', 'revoked', 'reinstated'] as const;

export class ContractorView implements C.ContractorView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '1234567890123', description: '法人番号' }) corporateNumber: string;
  @ApiProperty() email: string;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
}

export class ContractorPage implements C.Page<ContractorView> {
  @ApiProperty({ type: [ContractorView] }) items: ContractorView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

export class ConnectionView implements C.ConnectionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) contractorId: string;
  @ApiProperty({ enum: ACCESS_ENVIRONMENTS }) environment: C.AccessEnvironment;
  @ApiProperty({ example: 'lgwan' }) method: string;
  @ApiProperty({ type: [String], example: ['192.0.2.0/28'] }) cidrs: string[];
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
  @ApiProperty() registeredBy: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) withdrawnAt: string | null;
  @ApiProperty({ description: 'Cases that currently use this registration.' }) linkedCases: number;
}

export class ConnectionItems implements C.ConnectionList.Response {
  @ApiProperty({ type: [ConnectionView] }) items: ConnectionView[];
}

export class ConnectionLinkView implements C.ConnectionLinkView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ format: 'uuid' }) connectionId: string;
  @ApiProperty({ enum: ACCESS_ENVIRONMENTS }) environment: C.AccessEnvironment;
  @ApiProperty() viaLgpki: boolean;
  @ApiProperty({ description: "'link' (POST connection-links), 'A-08-1', 'A-11-2'." }) source: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) submissionId: string | null;
  @ApiProperty({ format: 'date-time' }) linkedAt: string;
  @ApiProperty() linkedBy: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) releasedAt: string | null;
}

export class GrantApproval {
  @ApiProperty() number: string;
  @ApiProperty({ format: 'date' }) approvedOn: string;
  @ApiProperty() approver: string;
}

export class GrantView implements C.GrantView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ enum: ACCESS_ENVIRONMENTS }) environment: C.AccessEnvironment;
  @ApiProperty({ enum: GRANT_STATUSES, description: 'State on the asked date (default today in Japan).' })
  status: C.GrantStatus;
  @ApiProperty({ format: 'date' }) effectiveOn: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Last day in effect when known.' })
  effectiveUntil: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) contractorId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) connectionId: string | null;
  @ApiProperty({ type: String, nullable: true }) method: string | null;
  @ApiProperty({ type: [String] }) cidrs: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) submissionId: string | null;
  @ApiProperty({ type: GrantApproval }) approval: GrantApproval;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) supersedes: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) supersededBy: string | null;
  @ApiProperty({ type: String, nullable: true }) changeKind: string | null;
  @ApiProperty({ type: String, nullable: true }) overrideReason: string | null;
  @ApiProperty() grantedBy: string;
  @ApiProperty({ format: 'date-time' }) grantedAt: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The two-person decision that made the grant (production), or null.',
  })
  decisionId: string | null;
}

export class GrantHistoryEntry implements C.GrantHistoryEntry {
  @ApiProperty({ format: 'uuid' }) grantId: string;
  @ApiProperty({ enum: GRANT_HISTORY_KINDS }) kind: C.GrantHistoryEntry['kind'];
  @ApiProperty({ format: 'date' }) onDate: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() actor: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
}

export class LgwanTaskView {
  @ApiProperty({ format: 'date' }) completedOn: string;
  @ApiProperty() recordedBy: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

export class LgwanTaskRecord extends LgwanTaskView implements C.LgwanTaskComplete.Response {
  @ApiProperty({ format: 'uuid' }) applicationId: string;
}

export class TestAccessExtension {
  @ApiProperty({ format: 'date', description: 'The first day without test access this extension set.' })
  expiresOn: string;
  @ApiProperty() reason: string;
  @ApiProperty({ description: "The operator's login id." }) extendedBy: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class TestAccessTermView implements C.TestAccessTermView {
  @ApiProperty({ format: 'uuid' }) grantId: string;
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ format: 'date' }) effectiveOn: string;
  @ApiProperty({
    format: 'date',
    description: 'The first day without test access: effectiveOn + TEST_ACCESS_DAYS, or the latest extension.',
  })
  expiresOn: string;
  @ApiProperty({ type: [TestAccessExtension], description: 'Extensions, oldest first.' })
  extensions: TestAccessExtension[];
}

export class DecisionSignature implements C.DecisionSignature {
  @ApiProperty({ description: "The operator's name (the token's name claim), never a login id." }) name: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class AccessDecisionView implements C.AccessDecisionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ enum: ACCESS_ENVIRONMENTS }) environment: C.AccessEnvironment;
  @ApiProperty({ enum: ACCESS_DECISION_KINDS }) kind: C.AccessDecisionKind;
  @ApiProperty({ enum: ACCESS_DECISION_STATUSES }) status: C.AccessDecisionStatus;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) grantId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) submissionId: string | null;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: String, nullable: true }) overrideReason: string | null;
  @ApiProperty({ description: 'People needed in all, the proposer included.' }) approvalsRequired: number;
  @ApiProperty({ type: DecisionSignature }) proposedBy: DecisionSignature;
  @ApiProperty({ type: [DecisionSignature] }) approvedBy: DecisionSignature[];
  @ApiProperty({ type: () => GrantView, nullable: true }) grant: GrantView | null;
}

export class DecisionList implements C.DecisionList.Response {
  @ApiProperty({ type: [AccessDecisionView] }) items: AccessDecisionView[];
}

export class CaseAccessView implements C.CaseAccessView {
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ type: [GrantView] }) grants: GrantView[];
  @ApiProperty({ type: [ConnectionView] }) registrations: ConnectionView[];
  @ApiProperty({ type: [ConnectionLinkView] }) links: ConnectionLinkView[];
  @ApiProperty({ type: LgwanTaskView, nullable: true }) lgwanTask: LgwanTaskView | null;
  @ApiProperty({ type: [GrantHistoryEntry] }) history: GrantHistoryEntry[];
  @ApiProperty({ type: [AccessDecisionView], description: 'Two-person decisions, oldest first.' })
  decisions: AccessDecisionView[];
}

export class AllowlistCase implements C.AllowlistCase {
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ type: String, nullable: true }) organizationCode: string | null;
  @ApiProperty({ type: String, nullable: true }) verifierName: string | null;
  @ApiProperty({ format: 'uuid' }) grantId: string;
  @ApiProperty({ format: 'date' }) effectiveOn: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) effectiveUntil: string | null;
}

export class AllowlistEntry implements C.AllowlistEntry {
  @ApiProperty({ example: '192.0.2.0/28' }) cidr: string;
  @ApiProperty({ enum: ACCESS_ENVIRONMENTS }) environment: C.AccessEnvironment;
  @ApiProperty({ type: String, nullable: true }) method: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) contractorId: string | null;
  @ApiProperty({ type: String, nullable: true }) contractorName: string | null;
  @ApiProperty({ type: String, nullable: true }) corporateNumber: string | null;
  @ApiProperty({ type: [AllowlistCase] }) cases: AllowlistCase[];
  @ApiProperty({ format: 'date' }) effectiveFrom: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'null: open-ended.' })
  effectiveUntil: string | null;
}

export class AllowlistView implements C.AllowlistView {
  @ApiProperty({ enum: ACCESS_ENVIRONMENTS }) environment: C.AccessEnvironment;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ type: [AllowlistEntry] }) entries: AllowlistEntry[];
}

export class ConnectionMethodView implements C.ConnectionMethodView {
  @ApiProperty({ example: 'lgwan' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty() active: boolean;
  @ApiProperty() version: number;
}

export class ConnectionMethodItems implements C.ConnectionMethodList.Response {
  @ApiProperty({ type: [ConnectionMethodView] }) items: ConnectionMethodView[];
}
