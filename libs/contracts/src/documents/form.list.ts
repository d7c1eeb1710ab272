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

/** The form catalogue (rows of the documents service), with each form's latest template. */
export namespace FormList {
  export const subject = 'documents.form.list';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
  }
  export type Response = { items: FormView[]; total: number };
}

/** The spec-item and provision-method catalogues. */
export interface CatalogueEntry {
  code: string;
  nameJa: string;
  nameEn: string;
}
export namespace CatalogueList {
  export const subject = 'documents.catalogue.list';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
  }
  export type Response = { specItems: CatalogueEntry[]; provisionMethods: CatalogueEntry[] };
}
