import { ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { Page, PageQuery } from '../common/page';
import { CardKindView } from './card.views';

/** The card-kind catalogue (everyone may read it). */
export namespace CardKindList {
  export const subject = 'cards.card-kind.list';
  @ApiSchema({ name: 'CardKindListQuery' })
  export class Query extends PageQuery {}
  export class Request extends Query {
    @ValidateNested() @Type(() => Caller) caller: Caller;
  }
  export type Response = Page<CardKindView>;
}
