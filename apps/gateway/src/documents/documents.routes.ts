import { FormsController } from './forms.controller';
import { PapersController } from './papers.controller';
import { QaAgreementController } from './qa-agreement.controller';
import { SubmissionsController } from './submissions.controller';

/** HTTP controllers of the documents service's routes (api.md); the gateway module mounts them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const DOCUMENTS_CONTROLLERS: Function[] = [
  FormsController,
  SubmissionsController,
  PapersController,
  QaAgreementController,
];
