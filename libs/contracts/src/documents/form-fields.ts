import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CONTACT_ROLES } from '../intake/intake.events';

/*
 * The structured part of a submission, one class per form (api.md "Fields per form"). Catalogue codes
 * (spec items, card kinds, provision methods) are checked by the documents service against its rows;
 * these classes check shape only. Unknown fields are refused.
 */
const CODE = /^[a-z0-9][a-z0-9-]{0,39}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class FieldsA0301 {
  @ApiProperty({ example: ['server-spec', 'profile-spec'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(CODE, { each: true, message: 'each item must be a catalogue code' })
  items: string[];
}

export class FieldsA0302 extends FieldsA0301 {
  @ApiProperty() @IsUUID() contractorId: string;
}

export class FieldsNone {}

export class FieldsA06CardLine {
  @ApiProperty({ example: 'standard' })
  @IsString()
  @Matches(CODE, { message: 'kind must be a card-kind code' })
  kind: string;
  @ApiProperty({ minimum: 1, maximum: 100 }) @IsInt() @Min(1) @Max(100) quantity: number;
}
export class FieldsA06 {
  @ApiProperty({ type: [FieldsA06CardLine] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => FieldsA06CardLine)
  cards: FieldsA06CardLine[];
}

export class FieldsA0801 {
  @ApiProperty() @IsUUID() connectionId: string;
  @ApiProperty() @IsBoolean() viaLgpki: boolean;
}

export class FieldsA1101Methods {
  @ApiPropertyOptional({ example: 'crl' }) @IsOptional() @Matches(CODE) signature?: string;
  @ApiPropertyOptional({ example: 'ocsp' }) @IsOptional() @Matches(CODE) 'user-certificate'?: string;
}
export class FieldsA1101 {
  @ApiProperty({ type: FieldsA1101Methods })
  @IsObject()
  @ValidateNested()
  @Type(() => FieldsA1101Methods)
  methods: FieldsA1101Methods;
}

export const SUBMISSION_A1102_REASONS = ['initial', 'system-change', 'member-change'] as const;
export class FieldsA1102 {
  @ApiProperty({ example: '2027-04-01', description: 'アクセスを開始する日 (a day in Japan)' })
  @Matches(DATE, { message: 'startDate must be YYYY-MM-DD' })
  startDate: string;
  @ApiProperty() @IsUUID() connectionId: string;
  @ApiProperty({ enum: SUBMISSION_A1102_REASONS })
  @IsIn(SUBMISSION_A1102_REASONS)
  reason: (typeof SUBMISSION_A1102_REASONS)[number];
  @ApiPropertyOptional({ type: [String], description: '構成員 (members)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  members?: string[];
}

export class FieldsUrl {
  @ApiProperty()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  url: string;
}

export class FieldsA1103Contact {
  @ApiProperty({ enum: CONTACT_ROLES }) @IsIn(CONTACT_ROLES) role: (typeof CONTACT_ROLES)[number];
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) name: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) department: string;
  @ApiProperty() @Matches(/^[0-9+()\- ]{6,20}$/, { message: 'phone must be a telephone number' }) phone: string;
  @ApiProperty() @IsEmail() @MaxLength(254) email: string;
}
export class FieldsA1103 {
  @ApiProperty({ type: [FieldsA1103Contact] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => FieldsA1103Contact)
  contacts: FieldsA1103Contact[];
}

/** Form code → its fields class. A form of the catalogue without an entry here takes no fields. */
export const SUBMISSION_FORM_FIELDS: Record<string, new () => object> = {
  'A-03-1': FieldsA0301,
  'A-03-2': FieldsA0302,
  'A-03-3': FieldsNone,
  'A-03-4': FieldsNone,
  'A-06': FieldsA06,
  'A-08-1': FieldsA0801,
  'A-11-1': FieldsA1101,
  'A-11-2': FieldsA1102,
  URL: FieldsUrl,
  'A-11-3': FieldsA1103,
};
