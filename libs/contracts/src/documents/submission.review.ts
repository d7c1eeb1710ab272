import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Caller } from '../caller';
import { SubmissionView } from './submission.create';

export class ReturnReason {
  @ApiPropertyOptional({
    description:
      'the field the reason is about: a top-level field of the form (a path such as cards.0.kind is allowed), or "file"',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  field?: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) message: string;
}

export class ReviewBody {
  @ApiProperty({ enum: ['accepted', 'returned'] }) @IsIn(['accepted', 'returned']) decision: 'accepted' | 'returned';
  @ApiPropertyOptional({ type: [ReturnReason], description: 'required when returned' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ReturnReason)
  reasons?: ReturnReason[];
  @ApiPropertyOptional({ description: 'A-11-2: the official seal (役職印) was checked; required to accept it' })
  @IsOptional()
  @IsBoolean()
  sealConfirmed?: boolean;
}

export namespace SubmissionReview {
  export const subject = 'documents.submission.review';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() submissionId: string;
    @ValidateNested() @Type(() => ReviewBody) body: ReviewBody;
  }
  export type Response = SubmissionView;
}
