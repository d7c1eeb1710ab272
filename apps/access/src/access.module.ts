import { DynamicModule, Module } from '@nestjs/common';
import { Clock, ServiceRuntimeModule } from '@jlis/runtime';
import { AccessConfig } from './access.config';
import { ApprovalDocumentsHandler } from './approval-documents/approval-documents.handler';
import { ApprovalDocumentRenderer } from './approval-documents/approval-document.renderer';
import { ApprovalDocumentsJob } from './approval-documents/approval-documents.job';
import { ApprovalDocumentsService } from './approval-documents/approval-documents.service';
import { ACCESS_ENTITIES, ACCESS_MIGRATIONS } from './access.schema';
import { ConnectionMethodsHandler } from './connection-methods/connection-methods.handler';
import { ConnectionMethodsService } from './connection-methods/connection-methods.service';
import { ConnectionsHandler } from './connections/connections.handler';
import { ConnectionLinksService } from './connections/connection-links.service';
import { ConnectionsService } from './connections/connections.service';
import { ContractorsHandler } from './contractors/contractors.handler';
import { ContractorsResync } from './contractors/contractors.resync';
import { ContractorsService } from './contractors/contractors.service';
import { GrantMetrics } from './grants/grant.metrics';
import { GrantsHandler } from './grants/grants.handler';
import { GrantsJob } from './grants/grants.job';
import { GrantActivationService } from './grants/grant-activation.service';
import { GrantChangesService } from './grants/grant-changes.service';
import { GrantDecisionsService } from './grants/grant-decisions.service';
import { GrantQueriesService } from './grants/grant-queries.service';
import { GrantWriter } from './grants/grant-writer';
import { GrantsService } from './grants/grants.service';
import { LgwanTaskService } from './grants/lgwan-task.service';
import { TestAccessJob } from './grants/test-access.job';
import { TestAccessTermService } from './grants/test-access-term.service';
import { AccessProjections } from './projections/access.projections';

export interface AccessOptions {
  /** Tests pass a ManualClock. */
  clock?: Clock;
}

/** The access service: its runtime (schema, outbox, consumer) and its feature modules. */
@Module({})
export class AccessModule {
  static forRoot(config: AccessConfig, options: AccessOptions = {}): DynamicModule {
    return {
      module: AccessModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'access',
          config,
          entities: ACCESS_ENTITIES,
          migrations: ACCESS_MIGRATIONS,
          clock: options.clock,
          projectCases: true,
        }),
      ],
      controllers: [
        ContractorsHandler,
        ConnectionsHandler,
        ConnectionMethodsHandler,
        GrantsHandler,
        ApprovalDocumentsHandler,
      ],
      providers: [
        ContractorsService,
        ContractorsResync,
        ConnectionsService,
        ConnectionLinksService,
        ConnectionMethodsService,
        GrantWriter,
        GrantsService,
        GrantChangesService,
        GrantDecisionsService,
        { provide: AccessConfig, useValue: config },
        GrantActivationService,
        GrantQueriesService,
        LgwanTaskService,
        GrantsJob,
        GrantMetrics,
        TestAccessTermService,
        TestAccessJob,
        AccessProjections,
        ApprovalDocumentRenderer,
        ApprovalDocumentsService,
        ApprovalDocumentsJob,
      ],
    };
  }
}
