import { DynamicModule, Module } from '@nestjs/common';
import { CaseEvents } from '../cases/case-events';
import { CaseProjector } from '../cases/case-projector';
import { CaseStore } from '../cases/case-store';
import { CasesResync } from '../cases/cases.resync';
import { StalledCasesJob } from '../cases/stalled-cases.job';
import { IntakeConfig } from '../intake.config';
import { DirectoryModule } from '../directory/directory.module';
import { ApplicationsHandler } from './applications.handler';
import { ApplicationsQueries } from './applications.queries';
import { ApplicationsService } from './applications.service';

@Module({})
export class ApplicationsModule {
  static forRoot(config: IntakeConfig): DynamicModule {
    return {
      module: ApplicationsModule,
      imports: [DirectoryModule],
      controllers: [ApplicationsHandler],
      providers: [
        { provide: IntakeConfig, useValue: config },
        ApplicationsService,
        ApplicationsQueries,
        CaseStore,
        CaseProjector,
        CaseEvents,
        CasesResync,
        StalledCasesJob,
      ],
    };
  }
}
