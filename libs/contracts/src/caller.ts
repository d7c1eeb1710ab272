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
}

/** The one rule of who may see a case; every service and the gateway use it. */
export function isCaseParty(caller: Caller, parties: CaseParties): boolean {
  switch (caller.role) {
    case 'operator':
      return true;
    case 'applicant':
      return !!caller.org && caller.org === parties.organizationCode;
    case 'contractor':
      return !!caller.contractor && caller.contractor === (parties.contractorId ?? undefined);
  }
}
