import { Type } from '@nestjs/common';
import { DocumentsHttp } from './documents.http';
import { DownloadsController } from './downloads.controller';
import { FormsController } from './forms.controller';
import { PapersController } from './papers.controller';
import { QaAgreementController } from './qa-agreement.controller';
import { SubmissionsController } from './submissions.controller';

/** HTTP controllers of the documents service's routes (api.md); the gateway module mounts them. */
export const DOCUMENTS_CONTROLLERS: Type<unknown>[] = [
  FormsController,
  SubmissionsController,
  PapersController,
  QaAgreementController,
  DownloadsController,
];

/** One DocumentsHttp (RPC client, files bucket, upload rule) shared by the controllers above. */
export const DOCUMENTS_PROVIDERS: Type<unknown>[] = [DocumentsHttp];
