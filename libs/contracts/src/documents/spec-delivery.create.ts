import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Caller } from '../caller';
import { PageQuery } from '../common/page';

export interface SpecDeliveryView {
  id: string;
  applicationId: string;
  items: string[];
  medium: 'cd-rom' | 'email';
  carrier: string | null;
  trackingNumber: string | null;
  shippedOn: string;
  recordedBy: string;
  recordedAt: string;
  deliveredOn: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class SpecDeliveryBody {
  @ApiProperty({ example: ['server-spec', 'profile-spec'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(/^[a-z0-9][a-z0-9-]{0,39}$/, { each: true, message: 'each item must be a spec-item code' })
  items: string[];
  @ApiProperty({ enum: ['cd-rom', 'email'] }) @IsIn(['cd-rom', 'email']) medium: 'cd-rom' | 'email';
  @ApiPropertyOptional({ description: 'required for cd-rom' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  carrier?: string;
  @ApiPropertyOptional({ description: 'required for cd-rom' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  trackingNumber?: string;
  @ApiPropertyOptional({ description: 'required for cd-rom; default today (Japan) for e-mail' })
  @IsOptional()
  @Matches(DATE, { message: 'shippedOn must be YYYY-MM-DD' })
  shippedOn?: string;
}

/** R5 / A-5: specs sent (recorded as sent = A-5 done). */
export namespace SpecDeliveryCreate {
  export const subject = 'documents.spec-delivery.create';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
    @ValidateNested() @Type(() => SpecDeliveryBody) body: SpecDeliveryBody;
  }
  export type Response = SpecDeliveryView;
}

export namespace SpecDeliveryList {
  export const subject = 'documents.spec-delivery.list';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @ValidateNested() @Type(() => PageQuery) query: PageQuery;
  }
  export type Response = { items: SpecDeliveryView[]; total: number; page: number; limit: number };
}

export class SpecReceiptBody {
  @ApiProperty({ example: '2026-12-03' })
  @Matches(DATE, { message: 'deliveredOn must be YYYY-MM-DD' })
  deliveredOn: string;
}

export namespace SpecDeliveryDelivered {
  export const subject = 'documents.spec-delivery.delivered';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() deliveryId: string;
    /** A SpecReceiptBody, validated by the service after it checked the caller against the delivery. */
    @IsObject() body: Record<string, unknown>;
  }
  export type Response = SpecDeliveryView;
}
