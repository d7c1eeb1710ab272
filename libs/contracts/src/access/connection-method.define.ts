import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import type { ConnectionMethodView } from './connection-method.list';

/** PUT /connection-methods/{code} (operator): add or change a method; published as ConnectionMethodDefined, history kept. */
export namespace ConnectionMethodDefine {
  export const subject = 'access.connection-method.define';
  @ApiSchema({ name: 'ConnectionMethodDefineBody' })
  export class Body {
    @ApiProperty({ example: '閉域モバイル網 / closed mobile network' })
    @IsString()
    @MinLength(1)
    @MaxLength(200)
    name: string;
    @ApiProperty({ description: 'false: no new registrations with it (existing ones stay)' })
    @IsBoolean()
    active: boolean;
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @Matches(/^[a-z0-9][a-z0-9-]{1,39}$/, {
      message: 'code must be 2–40 lowercase letters, digits or hyphens (e.g. closed-mobile)',
    })
    code: string;
    @ValidateNested() @Type(() => Body) body: Body;
  }
  export type Response = ConnectionMethodView;
}
