import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Caller } from '../caller';
import { CaseView } from './application.view';
import { VERIFIER_KINDS, VerifierKind } from './intake.events';
import { IsLocalGovernmentCode } from './local-government-code';

/** Japanese phone numbers as people write them: digits with optional hyphens, parentheses, a leading +81. */
export const PHONE_PATTERN = /^(\+81[- ]?)?[0-9][0-9()\- ]{8,18}[0-9]$/;

export class ContactBody {
  @ApiProperty({ example: '山田 太郎', description: '担当者名' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;
  @ApiProperty({ example: '03-1234-5678' })
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'phone must be a phone number such as 03-1234-5678' })
  phone: string;
  @ApiProperty({ example: 'yamada@city.example.lg.jp' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;
}

/** the local government asks J-LIS to start the procedure (R1). */
export namespace ApplicationRequest {
  export const subject = 'intake.application.request';

  @ApiSchema({ name: 'ApplicationRequestBody' })
  export class Body {
    @ApiProperty({ example: '131016', description: '全国地方公共団体コード of the applying local government' })
    @IsLocalGovernmentCode()
    organizationCode: string;

    @ApiProperty({ example: '千代田区', description: '署名検証者名' })
    @IsString()
    @IsNotEmpty()
    @MaxLength(200)
    verifierName: string;

    @ApiProperty({ enum: VERIFIER_KINDS, isArray: true, example: ['signature'] })
    @IsArray()
    @ArrayMinSize(1)
    @ArrayMaxSize(2)
    @ArrayUnique()
    @IsIn(VERIFIER_KINDS, { each: true })
    verifierKinds: VerifierKind[];

    @ApiProperty({ example: '総務部情報政策課', description: '部署' })
    @IsString()
    @IsNotEmpty()
    @MaxLength(200)
    department: string;

    @ApiProperty({ type: ContactBody, description: '担当者と連絡先 (電話, e-mail)' })
    @ValidateNested()
    @Type(() => ContactBody)
    contact: ContactBody;

    @ApiPropertyOptional({ default: true, description: 'Whether the online test environment is wanted (A-8, A-9)' })
    @IsOptional()
    @IsBoolean()
    wantsOnlineTest?: boolean;
  }

  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
    @ValidateNested() @Type(() => Body) body: Body;
  }

  export type Response = CaseView;
}
