import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, ServiceRuntimeModule } from '@jlis/runtime';
import { MailModule } from './mail/mail.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { NotificationsConfig } from './notifications.config';
import { NOTIFICATIONS_ENTITIES, NOTIFICATIONS_MIGRATIONS } from './notifications.schema';

export interface NotificationsOptions {
  /** Tests pass a ManualClock. */
  clock?: Clock;
}

/** Makes the service's own config injectable as NotificationsConfig. */
@Global()
@Module({})
class NotificationsConfigModule {
  static forRoot(config: NotificationsConfig): DynamicModule {
    return {
      module: NotificationsConfigModule,
      providers: [{ provide: NotificationsConfig, useValue: config }],
      exports: [NotificationsConfig],
    };
  }
}

/** The notifications service: its runtime (schema, outbox, consumer, case projection) and its feature modules. */
@Module({})
export class NotificationsModule {
  static forRoot(config: NotificationsConfig, options: NotificationsOptions = {}): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'notifications',
          config,
          entities: NOTIFICATIONS_ENTITIES,
          migrations: NOTIFICATIONS_MIGRATIONS,
          clock: options.clock,
          projectCases: true,
        }),
        NotificationsConfigModule.forRoot(config),
        MailModule,
        WebhooksModule,
      ],
    };
  }
}
