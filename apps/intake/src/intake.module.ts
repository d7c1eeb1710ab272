import { DynamicModule, Module } from '@nestjs/common';
import { Clock, ServiceRuntimeModule } from '@jlis/runtime';
import { IntakeConfig } from './intake.config';
import { ApplicationsModule } from './applications/applications.module';
import { DirectoryModule } from './directory/directory.module';
import { INTAKE_ENTITIES, INTAKE_MIGRATIONS } from './intake.schema';

export interface IntakeOptions {
  /** Tests pass a ManualClock. */
  clock?: Clock;
}

/** The intake service: its runtime (schema, outbox, consumer) and its feature modules. */
@Module({})
export class IntakeModule {
  static forRoot(config: IntakeConfig, options: IntakeOptions = {}): DynamicModule {
    return {
      module: IntakeModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'intake',
          config,
          entities: INTAKE_ENTITIES,
          migrations: INTAKE_MIGRATIONS,
          clock: options.clock,
        }),
        DirectoryModule,
        ApplicationsModule.forRoot(config),
      ],
    };
  }
}
