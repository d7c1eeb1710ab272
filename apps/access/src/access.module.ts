import { DynamicModule, Module } from '@nestjs/common';
import { Clock, ServiceConfig, ServiceRuntimeModule } from '@jlis/runtime';
import { ACCESS_ENTITIES, ACCESS_MIGRATIONS } from './access.schema';
import { ConnectionMethodsHandler } from './connection-methods/connection-methods.handler';
import { ConnectionMethodsService } from './connection-methods/connection-methods.service';
import { ConnectionsHandler } from './connections/connections.handler';
import { ConnectionsService } from './connections/connections.service';
import { ContractorsHandler } from './contractors/contractors.handler';
import { ContractorsResync } from './contractors/contractors.resync';
import { ContractorsService } from './contractors/contractors.service';
import { GrantsHandler } from './grants/grants.handler';
import { GrantsJob } from './grants/grants.job';
import { GrantsService } from './grants/grants.service';
import { AccessProjections } from './projections/access.projections';

export interface AccessOptions {
  /** Tests pass a ManualClock. */
  clock?: Clock;
}

/** The access service: its runtime (schema, outbox, consumer) and its feature modules. */
@Module({})
export class AccessModule {
  static forRoot(config: ServiceConfig, options: AccessOptions = {}): DynamicModule {
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
      controllers: [ContractorsHandler, ConnectionsHandler, ConnectionMethodsHandler, GrantsHandler],
      providers: [
        ContractorsService,
        ContractorsResync,
        ConnectionsService,
        ConnectionMethodsService,
        GrantsService,
        GrantsJob,
        AccessProjections,
      ],
    };
  }
}
