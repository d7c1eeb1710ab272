import { DynamicModule, Module } from '@nestjs/common';
import { Clock, ServiceRuntimeModule } from '@jlis/runtime';
import { DocumentsConfig } from './documents.config';
import { AgreementService } from './agreement/agreement.service';
import {
  DownloadsHandler,
  FormsHandler,
  PapersHandler,
  QaAgreementHandler,
  SubmissionsHandler,
} from './documents.handlers';
import { DOCUMENTS_ENTITIES, DOCUMENTS_MIGRATIONS } from './documents.schema';
import { DownloadsRepository } from './files/downloads.repository';
import { FilesService } from './files/files.service';
import { FormsService } from './forms/forms.service';
import { ContractorNdasService } from './papers/contractor-ndas.service';
import { DisclosuresService } from './papers/disclosures.service';
import { SpecDeliveriesService } from './papers/spec-deliveries.service';
import { QaService } from './qa/qa.service';
import { ReferencesProjection } from './references/references.projection';
import { ReviewRemindersJob } from './submissions/review-reminders.job';
import { SubmissionCreateService } from './submissions/submission-create.service';
import { SubmissionReferences } from './submissions/submission-references';
import { SubmissionReviewService } from './submissions/submission-review.service';
import { SubmissionsService } from './submissions/submissions.service';

export interface DocumentsOptions {
  /** Tests pass a ManualClock. */
  clock?: Clock;
}

/** The documents service: its runtime (schema, outbox, consumer) and its feature modules. */
@Module({})
export class DocumentsModule {
  static forRoot(config: DocumentsConfig, options: DocumentsOptions = {}): DynamicModule {
    return {
      module: DocumentsModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'documents',
          config,
          entities: DOCUMENTS_ENTITIES,
          migrations: DOCUMENTS_MIGRATIONS,
          clock: options.clock,
          projectCases: true,
        }),
      ],
      controllers: [FormsHandler, SubmissionsHandler, PapersHandler, QaAgreementHandler, DownloadsHandler],
      providers: [
        { provide: DocumentsConfig, useValue: config },
        FilesService,
        DownloadsRepository,
        FormsService,
        ReferencesProjection,
        AgreementService,
        SubmissionsService,
        SubmissionCreateService,
        SubmissionReviewService,
        SubmissionReferences,
        ContractorNdasService,
        DisclosuresService,
        SpecDeliveriesService,
        QaService,
        ReviewRemindersJob,
      ],
    };
  }
}
