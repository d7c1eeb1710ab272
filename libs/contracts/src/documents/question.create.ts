import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { PageQuery } from '../common/page';
import { FileRef, FileView } from './file-ref';

export interface AnswerView {
  id: string;
  body: string;
  answeredBy: string;
  answeredAt: string;
}

export interface QuestionView {
  id: string;
  /** Short number for people, `Q-00012` (formatQuestionNumber). */
  number: string;
  applicationId: string;
  subject: string;
  body: string;
  /** The A-07 sheet, when one was attached. */
  file: FileView | null;
  contentPath: string | null;
  status: 'open' | 'answered';
  askedBy: string;
  askedAt: string;
  answers: AnswerView[];
}

export class QuestionBody {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) subject: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(20000) body: string;
}

/** R7 / A-7: a question (JSON, or multipart with the A-07 sheet as `file`). */
export namespace QuestionCreate {
  export const subject = 'documents.question.create';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
    @ValidateNested() @Type(() => QuestionBody) body: QuestionBody;
    @IsOptional() @ValidateNested() @Type(() => FileRef) file?: FileRef;
  }
  export type Response = QuestionView;
}

export class QuestionListQuery extends PageQuery {
  @IsOptional() @IsIn(['open', 'answered']) status?: 'open' | 'answered';
}

export namespace QuestionList {
  export const subject = 'documents.question.list';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @ValidateNested() @Type(() => QuestionListQuery) query: QuestionListQuery;
  }
  export type Response = { items: QuestionView[]; total: number; page: number; limit: number; open: number };
}

export class AnswerBody {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(20000) body: string;
}

export namespace QuestionAnswer {
  export const subject = 'documents.question.answer';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() questionId: string;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
    @ValidateNested() @Type(() => AnswerBody) body: AnswerBody;
  }
  export type Response = QuestionView;
}

export namespace QuestionContent {
  export const subject = 'documents.question.content';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() questionId: string;
  }
}
