import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { Page, PageQuery } from '../common/page';
import { CARD_UNIT_STATES, CardUnitState, CardUnitView, SERIAL_PATTERN, StockView } from './card.views';

/** Operators list units (filters kind, state, applicationId), read one unit with its history, and the stock per kind. */
export namespace CardUnitList {
  export const subject = 'cards.unit.list';
  export const getSubject = 'cards.unit.get';
  export const stockSubject = 'cards.stock.get';

  @ApiSchema({ name: 'CardUnitListQuery' })
  export class Query extends PageQuery {
    @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) kind?: string;
    @ApiPropertyOptional({ enum: CARD_UNIT_STATES }) @IsOptional() @IsIn(CARD_UNIT_STATES) state?: CardUnitState;
    @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() applicationId?: string;
  }
  export class Request extends Query {
    @ValidateNested() @Type(() => Caller) caller: Caller;
  }
  export type Response = Page<CardUnitView>;

  export class GetRequest {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsString() @Matches(SERIAL_PATTERN, { message: 'serial must be letters, digits and dashes' }) serial: string;
  }
  export type GetResponse = CardUnitView;

  export class StockRequest {
    @ValidateNested() @Type(() => Caller) caller: Caller;
  }
  export interface StockResponse {
    items: StockView[];
    total: number;
  }
}
