import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles, type Role } from '@jlis/contracts';
import { DomainError } from '@jlis/runtime';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { SignJWT } from 'jose';
import { Public } from '../auth/auth.decorators';
import { GatewayConfig } from '../gateway.config';
import { ApiProblems } from '../openapi/api-problems.decorator';

/** How long a development token lives: a working day, as `npm run token`'s default. */
export const DEV_TOKEN_TTL_SECONDS = 8 * 3600;

export class DevTokenBody {
  @ApiProperty({ enum: Roles }) @IsIn(Roles) role: Role;
  @ApiProperty({ required: false, description: 'Applicants: the 6-digit local government code.', example: '131016' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'org は6桁の地方公共団体コードです / org is the 6-digit local government code' })
  org?: string;
  @ApiProperty({ required: false, description: 'Contractors: the contractor id.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  contractor?: string;
  @ApiProperty({ required: false, description: 'The person (OIDC name claim), shown on approvals and documents.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;
  @ApiProperty({ required: false, description: 'The login id (default: derived from role and org or contractor).' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  sub?: string;
}

export class DevToken {
  @ApiProperty({ description: 'A bearer token (HS256 development token).' }) token: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

/**
 * Development sign-in for the console (and anyone on a developer machine): the token `npm run token` prints, over HTTP.
 * The route is always registered, so the committed OpenAPI document lists it and the security suite probes it, but
 * without AUTH_MODE=development it answers 404 like a route that does not exist: a production gateway has no
 * secret to sign with and must never mint tokens.
 */
@ApiTags('identity')
@Public()
@Controller('dev/tokens')
export class DevTokenController {
  constructor(@Inject(GatewayConfig) private readonly config: GatewayConfig) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Development only (AUTH_MODE=development): a token for a role and an organisation or contractor; 404 otherwise',
  })
  @ApiCreatedResponse({ type: DevToken })
  @ApiProblems('NOT_FOUND')
  async create(@Body() body: DevTokenBody): Promise<DevToken> {
    if (!this.config.developmentAuth) throw new DomainError('NOT_FOUND', 'No such route.');
    const fields: { field: string; message: string }[] = [];
    if (body.role === 'applicant' && !body.org)
      fields.push({ field: 'org', message: '申請者には団体コードが必要です / An applicant needs org.' });
    if (body.role === 'contractor' && !body.contractor)
      fields.push({ field: 'contractor', message: '事業者には事業者IDが必要です / A contractor needs contractor.' });
    if (fields.length) throw DomainError.validation(fields);
    const claims: Record<string, string> = { role: body.role };
    if (body.role === 'applicant') claims.org = body.org!;
    if (body.role === 'contractor') claims.contractor = body.contractor!;
    if (body.name?.trim()) claims.name = body.name.trim();
    const sub = body.sub ?? `${body.role}-${body.org ?? body.contractor ?? 'dev'}`;
    // Whole seconds, as `exp` carries it: the answer's expiresAt is the token's.
    const expiresAt = new Date((Math.floor(Date.now() / 1000) + DEV_TOKEN_TTL_SECONDS) * 1000);
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime(expiresAt.getTime() / 1000);
    if (this.config.JWT_ISSUER) jwt.setIssuer(this.config.JWT_ISSUER);
    if (this.config.JWT_AUDIENCE) jwt.setAudience(this.config.JWT_AUDIENCE);
    const token = await jwt.sign(new TextEncoder().encode(this.config.jwtSecret()));
    return { token, expiresAt: expiresAt.toISOString() };
  }
}
