import { DynamicModule, Module } from '@nestjs/common';
import { Clock, ServiceConfig, ServiceRuntimeModule } from '@jlis/runtime';
import { ACCESS_ENTITIES, ACCESS_MIGRATIONS } from './access.schema';

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
        ServiceRuntimeModule.forRoot({ service: 'access', config, entities: ACCESS_ENTITIES, migrations: ACCESS_MIGRATIONS, clock: options.clock, projectCases: true }),
      ],
    };
  }
}
