import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** Roles of api.md. Changing a value needs a migration plan: tokens and stored rows carry them. */
export const Roles = ['operator', 'applicant', 'contractor'] as const;
export type Role = (typeof Roles)[number];

/** Who is asking. Built by the gateway from a verified token and sent with every command and query. */
export class Caller {
  @ApiProperty() @IsString() @MaxLength(200) sub: string;
  @ApiProperty({ enum: Roles }) @IsIn(Roles) role: Role;
  /** Local government code (applicants). */
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{6}$/) org?: string;
  /** Contractor id (contractors). */
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) contractor?: string;
  /**
   * The person's name (the token's OIDC `name` claim): what documents, mails and approvals show, never the login
   * id in `sub`. Decisions that need two people (production access, suspension, revocation) require it.
   */
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) name?: string;
}

/** The parties of a case: operators, applicants of its organisation, the contractor it names. */
export interface CaseParties {
  applicationId: string;
  organizationCode: string;
  contractorId?: string | null;
  /**
   * Whether the NDA covers the contractor the case names (R4): the local government's NDA with it is on file and an
   * A-03-2 of the case naming it is accepted. Known to documents, which keeps both; absent means not covered.
   */
  contractorCovered?: boolean;
}

/**
 * How far into a case a request reaches. `case`: its status, next actions and what a contractor supplies itself
 * (its connections, the A-06 card needs, the A-03-1/A-03-2 input and the A-08-1/A-11-2 technical fields).
 * `confidential`: what only the NDA covers — the Q&A, the agreement, other submissions, spec deliveries, the
 * timeline; specifications reach a contractor only through recorded disclosures.
 */
export type CaseReach = 'case' | 'confidential';

/** Forms whose content the contractor supplies (A-3 注2, A-6 注2, A-8 注1, A-11 注3): in its reach before its NDA. */
export const CONTRACTOR_SUPPLIED_FORMS: readonly string[] = ['A-03-1', 'A-03-2', 'A-06', 'A-08-1', 'A-11-2'];

/** The reach a submission of `form` needs. */
export function submissionReach(form: string): CaseReach {
  return CONTRACTOR_SUPPLIED_FORMS.includes(form) ? 'case' : 'confidential';
}

/**
 * The one rule of who may see a case; every service and the gateway use it. Operators and the organisation's
 * applicants reach all of it; the contractor the case names reaches what is `confidential` only once the NDA covers
 * it (`contractorCovered`).
 */
export function isCaseParty(caller: Caller, parties: CaseParties, reach: CaseReach = 'case'): boolean {
  switch (caller.role) {
    case 'operator':
      return true;
    case 'applicant':
      return !!caller.org && caller.org === parties.organizationCode;
    case 'contractor':
      return (
        !!caller.contractor &&
        caller.contractor === (parties.contractorId ?? undefined) &&
        (reach === 'case' || parties.contractorCovered === true)
      );
  }
}
