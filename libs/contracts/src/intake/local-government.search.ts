import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Transform, Type } from 'class-transformer';
import { Caller } from '../caller';
import { Page, PageQuery } from '../common/page';

/** Kinds of rows in the directory (data/README.md). A ward has a code but applies through its city. */
export const LOCAL_GOVERNMENT_KINDS = ['prefecture', 'municipality', 'ward'] as const;
export type LocalGovernmentKind = (typeof LOCAL_GOVERNMENT_KINDS)[number];

export interface LocalGovernmentView {
  code: string;
  prefecture: string;
  name: string;
  nameKana: string;
  kind: LocalGovernmentKind;
  /** False once an operator retired the code (a merger); kept for history, refused for new cases. */
  active: boolean;
  /** 1 for the row loaded from the source data set; +1 for every amendment. */
  version: number;
  updatedAt: string;
}

/** The directory of local governments: search by code (prefix), name or kana. */
export namespace LocalGovernmentSearch {
  export const subject = 'intake.local-government.search';

  export class Query extends PageQuery {
    @ApiPropertyOptional({ description: 'Code prefix (digits), or part of the name or its kana', example: '千代田' })
    @IsOptional()
    @IsString()
    @MaxLength(100)
    q?: string;

    @ApiPropertyOptional({ enum: LOCAL_GOVERNMENT_KINDS })
    @IsOptional()
    @IsIn(LOCAL_GOVERNMENT_KINDS)
    kind?: LocalGovernmentKind;

    @ApiPropertyOptional({ description: 'Include codes retired by an amendment (default false)' })
    @IsOptional()
    @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
    @IsBoolean()
    includeInactive?: boolean;
  }

  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @ValidateNested() @Type(() => Query) query: Query;
  }

  export type Response = Page<LocalGovernmentView>;
}
