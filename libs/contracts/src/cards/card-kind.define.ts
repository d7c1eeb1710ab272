import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Caller } from '../caller';
import { CardKindView, KIND_CODE_PATTERN } from './card.views';

/** Operators add a card kind (POST) or change one (PUT …/{code}); each is published as CardKindDefined. */
export namespace CardKindDefine {
  export const subject = 'cards.card-kind.define';
  export const updateSubject = 'cards.card-kind.update';

  export class UpdateBody {
    @ApiProperty({ example: 'JPKI-AP のみ（署名用・利用者証明用）' })
    @IsString()
    @MinLength(1)
    @MaxLength(200)
    name: string;

    @ApiProperty({
      type: [String],
      example: ['JPKI-AP 署名用電子証明書', 'JPKI-AP 利用者証明用電子証明書'],
      description: 'Card applications the kind carries.',
    })
    @IsArray()
    @ArrayMinSize(1)
    @ArrayMaxSize(20)
    @ArrayUnique()
    @IsString({ each: true })
    @MinLength(1, { each: true })
    @MaxLength(100, { each: true })
    applications: string[];

    @ApiPropertyOptional({ default: true, description: 'Inactive kinds stay for history but take no new loans.' })
    @IsOptional()
    @IsBoolean()
    active?: boolean;

    @ApiPropertyOptional({
      default: 2,
      minimum: 0,
      maximum: 1000,
      description: 'StockLow is announced when stock falls below this.',
    })
    @IsOptional()
    @IsInt()
    @Min(0)
    @Max(1000)
    lowStockThreshold?: number;
  }

  @ApiSchema({ name: 'CardKindDefineBody' })
  export class Body extends UpdateBody {
    @ApiProperty({ example: 'jpki', description: 'Lower-case code, letters, digits and dashes.' })
    @IsString()
    @Matches(KIND_CODE_PATTERN, { message: 'code must be lower-case letters, digits and dashes (at most 40)' })
    code: string;
  }

  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
    @ValidateNested() @Type(() => Body) body: Body;
  }

  export class UpdateRequest {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsString() @Matches(KIND_CODE_PATTERN, { message: 'code must be a card kind code' }) code: string;
    @ValidateNested() @Type(() => UpdateBody) body: UpdateBody;
  }

  export type Response = CardKindView;
}
