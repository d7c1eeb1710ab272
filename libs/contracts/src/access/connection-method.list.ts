import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { Caller } from '../caller';

export interface ConnectionMethodView {
  code: string;
  name: string;
  active: boolean;
  version: number;
}

/** GET /connection-methods (everyone): the catalogue (defaults lgwan, internet-vpn, dedicated-line). */
export namespace ConnectionMethodList {
  export const subject = 'access.connection-method.list';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
  }
  export type Response = { items: ConnectionMethodView[] };
}
