import { DynamicModule, Module } from '@nestjs/common';
import { Clock, ServiceConfig, ServiceRuntimeModule } from '@jlis/runtime';
import { DOCUMENTS_ENTITIES, DOCUMENTS_MIGRATIONS } from './documents.schema';

export interface DocumentsOptions {
  /** Tests pass a ManualClock. */
  clock?: Clock;
}

/** The documents service: its runtime (schema, outbox, consumer) and its feature modules. */
@Module({})
export class DocumentsModule {
  static forRoot(config: ServiceConfig, options: DocumentsOptions = {}): DynamicModule {
    return {
      module: DocumentsModule,
      imports: [
        ServiceRuntimeModule.forRoot({ service: 'documents', config, entities: DOCUMENTS_ENTITIES, migrations: DOCUMENTS_MIGRATIONS, clock: options.clock, projectCases: true }),
      ],
    };
  }
}
