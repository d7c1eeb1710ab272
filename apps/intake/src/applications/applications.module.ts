import { Module } from '@nestjs/common';
import { CaseEvents } from '../cases/case-events';
import { CaseProjector } from '../cases/case-projector';
import { CaseStore } from '../cases/case-store';
import { CasesResync } from '../cases/cases.resync';
import { DirectoryModule } from '../directory/directory.module';
import { ApplicationsHandler } from './applications.handler';
import { ApplicationsQueries } from './applications.queries';
import { ApplicationsService } from './applications.service';

@Module({
  imports: [DirectoryModule],
  controllers: [ApplicationsHandler],
  providers: [ApplicationsService, ApplicationsQueries, CaseStore, CaseProjector, CaseEvents, CasesResync],
})
export class ApplicationsModule {}
