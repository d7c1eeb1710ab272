import { DynamicModule, Module } from '@nestjs/common';
import { Clock, ServiceConfig, ServiceRuntimeModule } from '@jlis/runtime';
import { CARDS_ENTITIES, CARDS_MIGRATIONS } from './cards.schema';

export interface CardsOptions {
  /** Tests pass a ManualClock. */
  clock?: Clock;
}

/** The cards service: its runtime (schema, outbox, consumer) and its feature modules. */
@Module({})
export class CardsModule {
  static forRoot(config: ServiceConfig, options: CardsOptions = {}): DynamicModule {
    return {
      module: CardsModule,
      imports: [
        ServiceRuntimeModule.forRoot({ service: 'cards', config, entities: CARDS_ENTITIES, migrations: CARDS_MIGRATIONS, clock: options.clock, projectCases: true }),
      ],
    };
  }
}
