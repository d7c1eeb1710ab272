import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Caller } from '../caller';
import { PageQuery } from '../common/page';

export interface DisclosureView {
  id: string;
  applicationId: string;
  organizationCode: string;
  contractorId: string;
  items: string[];
  ndaId: string;
  /** The accepted A-03-2 that allows it. */
  submissionId: string;
  disclosedAt: string;
  recordedBy: string;
}

export class DisclosureBody {
  @ApiProperty() @IsUUID() contractorId: string;
  @ApiProperty({ example: ['server-spec'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(/^[a-z0-9][a-z0-9-]{0,39}$/, { each: true, message: 'each item must be a spec-item code' })
  items: string[];
}

/** R4: specs passed on to the case's contractor; refused unless an accepted A-03-2 and the NDA allow it. */
export namespace DisclosureCreate {
  export const subject = 'documents.disclosure.create';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
    @ValidateNested() @Type(() => DisclosureBody) body: DisclosureBody;
  }
  export type Response = DisclosureView;
}

export namespace DisclosureList {
  export const subject = 'documents.disclosure.list';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @ValidateNested() @Type(() => PageQuery) query: PageQuery;
  }
  export type Response = { items: DisclosureView[]; total: number; page: number; limit: number };
}
