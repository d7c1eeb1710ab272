import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Caller } from '../caller';
import {
  CardLoanView,
  CUSTODY_HOLDERS,
  CustodyHolder,
  MAX_UNITS_PER_LINE,
  RETURN_CONDITIONS,
  ReturnCondition,
  SERIAL_PATTERN,
} from './card.views';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const serials = () => [
  IsArray(),
  ArrayMinSize(1),
  ArrayMaxSize(200),
  ArrayUnique({ message: 'serials must not repeat a serial' }),
  IsString({ each: true }),
  Matches(SERIAL_PATTERN, { each: true, message: 'each serial must be letters, digits and dashes' }),
];
function Serials(): PropertyDecorator {
  return (target, key) => serials().forEach((d) => d(target, key));
}

/** One line of an A-06 receipt: a card kind and how many units. */
export class LoanLine {
  @ApiProperty({ example: 'jpki' }) @IsString() @MaxLength(40) kind: string;
  @ApiProperty({ minimum: 1, maximum: MAX_UNITS_PER_LINE, example: 2 })
  @IsInt({ message: 'quantity must be a whole number' })
  @Min(1, { message: 'quantity must be at least 1' })
  @Max(MAX_UNITS_PER_LINE, { message: `quantity must be at most ${MAX_UNITS_PER_LINE}` })
  quantity: number;
}

/** The structured fields of an accepted A-06 that cards reads (`fields.cards`). */
export class A06Fields {
  @IsArray()
  @ArrayMinSize(1, { message: 'cards must name at least one kind' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => LoanLine)
  cards: LoanLine[];
}

/** Operators open the loan of an accepted A-06 by hand (e.g. a paper receipt whose fields were not usable). */
export namespace CardLoanOpen {
  export const subject = 'cards.loan.open';
  @ApiSchema({ name: 'CardLoanOpenBody' })
  export class Body extends A06Fields {
    @ApiProperty({ format: 'uuid' }) @IsUUID() applicationId: string;
    @ApiProperty({ format: 'uuid', description: 'The accepted A-06 submission the loan answers (R6).' })
    @IsUUID()
    submissionId: string;
    @ApiProperty({ type: [LoanLine] }) declare cards: LoanLine[];
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
    @ValidateNested() @Type(() => Body) body: Body;
  }
  export type Response = CardLoanView;
}

export namespace CardLoanShip {
  export const subject = 'cards.loan.ship';
  @ApiSchema({ name: 'CardLoanShipBody' })
  export class Body {
    @ApiProperty({ example: 'ヤマト運輸' }) @IsString() @MinLength(1) @MaxLength(100) carrier: string;
    @ApiProperty({ example: '1234-5678-9012' }) @IsString() @MinLength(1) @MaxLength(100) trackingNumber: string;
    @ApiProperty({ example: '2026-12-01', description: 'Day shipped (Japan).' })
    @Matches(DATE, { message: 'shippedOn must be YYYY-MM-DD' })
    shippedOn: string;
    @ApiPropertyOptional({
      example: '2027-02-01',
      description: 'Default: 60 days after shippedOn, moved to the next business day.',
    })
    @IsOptional()
    @Matches(DATE, { message: 'expectedReturnOn must be YYYY-MM-DD' })
    expectedReturnOn?: string;
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() loanId: string;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
    @ValidateNested() @Type(() => Body) body: Body;
  }
  export type Response = CardLoanView;
}

export namespace CardLoanCustody {
  export const subject = 'cards.loan.custody';
  @ApiSchema({ name: 'CardLoanCustodyBody' })
  export class Body {
    @ApiProperty({ type: [String] }) @Serials() serials: string[];
    @ApiProperty({
      enum: CUSTODY_HOLDERS,
      description: 'Units with the contractor stay the local government’s responsibility (R6).',
    })
    @IsIn(CUSTODY_HOLDERS)
    holder: CustodyHolder;
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() loanId: string;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
    @ValidateNested() @Type(() => Body) body: Body;
  }
  export type Response = CardLoanView;
}

export namespace CardLoanReturn {
  export const subject = 'cards.loan.return';
  @ApiSchema({ name: 'CardLoanReturnBody' })
  export class Body {
    @ApiProperty({ type: [String] }) @Serials() serials: string[];
    @ApiProperty({ example: '2027-01-20', description: 'Day J-LIS received the units (Japan).' })
    @Matches(DATE, { message: 'receivedOn must be YYYY-MM-DD' })
    receivedOn: string;
    @ApiPropertyOptional({
      enum: RETURN_CONDITIONS,
      default: 'good',
      description: "'good' goes back to stock; 'damaged' is retired.",
    })
    @IsOptional()
    @IsIn(RETURN_CONDITIONS)
    condition?: ReturnCondition;
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() loanId: string;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
    @ValidateNested() @Type(() => Body) body: Body;
  }
  export type Response = CardLoanView;
}

export namespace CardLoanLoss {
  export const subject = 'cards.loan.loss';
  @ApiSchema({ name: 'CardLoanLossBody' })
  export class Body {
    @ApiProperty()
    @IsString()
    @Matches(SERIAL_PATTERN, { message: 'serial must be letters, digits and dashes' })
    serial: string;
    @ApiProperty({ example: '輸送中に紛失' }) @IsString() @MinLength(1) @MaxLength(500) reason: string;
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() loanId: string;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
    @ValidateNested() @Type(() => Body) body: Body;
  }
  export type Response = CardLoanView;
}
