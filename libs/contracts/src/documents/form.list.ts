import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { Caller } from '../caller';

export interface TemplateView {
  form: string;
  version: number;
  file: { filename: string; size: number; mediaType: string; sha256: string };
  uploadedAt: string;
  downloadPath: string;
}

export interface FormView {
  code: string;
  nameJa: string;
  nameEn: string;
  step: string;
  requiredWhen: string;
  sealRequired: boolean;
  /** Whether a new series may begin after acceptance (A-06 further loans, A-13 changes). */
  newSeriesAfterAcceptance: boolean;
  latestTemplate: TemplateView | null;
}

/** An entry of the spec-item or provision-method catalogue. */
export interface CatalogueEntry {
  code: string;
  nameJa: string;
  nameEn: string;
}

/**
 * The form catalogue (rows of the documents service), with each form's latest template, and the catalogues
 * its fields refer to (spec items of A-03-1/A-03-2 and A-5, provision methods of A-11-1).
 */
export namespace FormList {
  export const subject = 'documents.form.list';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
  }
  export type Response = {
    items: FormView[];
    total: number;
    specItems: CatalogueEntry[];
    provisionMethods: CatalogueEntry[];
  };
}
