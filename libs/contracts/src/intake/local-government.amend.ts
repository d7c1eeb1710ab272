import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { IsLocalGovernmentCode } from './local-government-code';
import { LOCAL_GOVERNMENT_KINDS, LocalGovernmentKind, LocalGovernmentView } from './local-government.search';

/** An operator adds a row to the directory or amends one (mergers, renamed or new wards). History is kept. */
export namespace LocalGovernmentAmend {
  export const subject = 'intake.local-government.amend';

  @ApiSchema({ name: 'LocalGovernmentAmendBody' })
  export class Body {
    @ApiProperty({ example: '221384', description: '全国地方公共団体コード (6 digits, check digit last)' })
    @IsLocalGovernmentCode()
    code: string;

    @ApiProperty({ example: '静岡県' }) @IsString() @IsNotEmpty() @MaxLength(10) prefecture: string;
    @ApiProperty({ example: '浜松市中央区' }) @IsString() @IsNotEmpty() @MaxLength(100) name: string;

    @ApiProperty({ example: 'はままつしちゅうおうく', description: 'Reading in hiragana' })
    @IsString()
    @Matches(/^[\u3041-\u309f\u30fc\s]+$/, { message: 'nameKana must be written in hiragana' })
    @MaxLength(200)
    nameKana: string;

    @ApiProperty({ enum: LOCAL_GOVERNMENT_KINDS }) @IsIn(LOCAL_GOVERNMENT_KINDS) kind: LocalGovernmentKind;

    @ApiPropertyOptional({ default: true, description: 'false retires the code (e.g. after a merger)' })
    @IsOptional()
    @IsBoolean()
    active?: boolean;

    @ApiProperty({
      example: '2024-01-01 浜松市の行政区再編',
      description: 'Why the directory changes (kept in its history)',
    })
    @IsString()
    @IsNotEmpty()
    @MaxLength(500)
    reason: string;
  }

  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
    @ValidateNested() @Type(() => Body) body: Body;
  }

  export type Response = LocalGovernmentView;
}
