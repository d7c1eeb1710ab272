import { DynamicModule, Module } from '@nestjs/common';
import { Clock, ServiceConfig, ServiceRuntimeModule } from '@jlis/runtime';
import { NOTIFICATIONS_ENTITIES, NOTIFICATIONS_MIGRATIONS } from './notifications.schema';

export interface NotificationsOptions {
  /** Tests pass a ManualClock. */
  clock?: Clock;
}

/** The notifications service: its runtime (schema, outbox, consumer) and its feature modules. */
@Module({})
export class NotificationsModule {
  static forRoot(config: ServiceConfig, options: NotificationsOptions = {}): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [
        ServiceRuntimeModule.forRoot({ service: 'notifications', config, entities: NOTIFICATIONS_ENTITIES, migrations: NOTIFICATIONS_MIGRATIONS, clock: options.clock, projectCases: true }),
      ],
    };
  }
}
