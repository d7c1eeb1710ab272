import { Type } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { FileRef } from './file-ref';
import { TemplateView } from './form.list';

/** A new template version of a form (operator, A-2). */
export namespace TemplateCreate {
  export const subject = 'documents.template.create';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsString() @Matches(/^[A-Za-z0-9-]{1,20}$/) form: string;
    @IsOptional() @IsString() @MaxLength(200) idempotencyKey?: string;
    @ValidateNested() @Type(() => FileRef) file: FileRef;
  }
  export type Response = TemplateView;
}

export namespace TemplateList {
  export const subject = 'documents.template.list';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsString() @Matches(/^[A-Za-z0-9-]{1,20}$/) form: string;
  }
  export type Response = { items: TemplateView[]; total: number };
}

/** The stored file of one template version (`latest` allowed). */
export namespace TemplateContent {
  export const subject = 'documents.template.content';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsString() @Matches(/^[A-Za-z0-9-]{1,20}$/) form: string;
    @IsString()
    @Matches(/^(latest|[1-9]\d{0,5})$/, { message: 'version must be a positive whole number or "latest"' })
    version: string;
  }
}
