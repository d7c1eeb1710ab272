import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Caller } from '../caller';
import { CardUnitView, MAX_SERIALS_PER_REGISTRATION, SERIAL_PATTERN } from './card.views';

/** Registers units of one kind into stock: all of them or none. */
export namespace CardUnitRegister {
  export const subject = 'cards.unit.register';
  @ApiSchema({ name: 'CardUnitRegisterBody' })
  export class Body {
    @ApiProperty({ example: 'jpki' }) @IsString() @MaxLength(40) kind: string;

    @ApiProperty({
      type: [String],
      example: ['TC-0001', 'TC-0002'],
      description: `1 to ${MAX_SERIALS_PER_REGISTRATION} serial numbers.`,
    })
    @IsArray()
    @ArrayMinSize(1)
    @ArrayMaxSize(MAX_SERIALS_PER_REGISTRATION)
    @IsString({ each: true })
    @Matches(SERIAL_PATTERN, { each: true, message: 'each serial must be letters, digits and dashes (at most 64)' })
    serials: string[];
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
    @ValidateNested() @Type(() => Body) body: Body;
  }
  export interface Response {
    kind: string;
    registered: number;
    items: CardUnitView[];
  }
}
