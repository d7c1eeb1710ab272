import { DynamicModule, Module } from '@nestjs/common';
import { Clock, ServiceRuntimeModule } from '@jlis/runtime';
import { hostname } from 'node:os';
import { CardsConfig } from './cards.config';
import { CARDS_ENTITIES, CARDS_MIGRATIONS } from './cards.schema';
import { CARDS_FAULTS, CARDS_INSTANCE, CardsFaults } from './cards.tokens';
import { KindsHandler } from './kinds/kinds.handler';
import { KindsResync } from './kinds/kinds.resync';
import { KindsService } from './kinds/kinds.service';
import { A06Consumer } from './loans/a06.consumer';
import { Allocator } from './loans/allocator';
import { Holdings } from './loans/holdings';
import { LoanChecks } from './loans/loan-checks';
import { LoansHandler } from './loans/loans.handler';
import { LoanCommands } from './loans/loan-commands';
import { LoanDispatchService } from './loans/loan-dispatch.service';
import { LoanReturnsService } from './loans/loan-returns.service';
import { LoansService } from './loans/loans.service';
import { UnitsHandler } from './units/units.handler';
import { CardStockMetrics } from './units/card-stock.metrics';
import { UnitsService } from './units/units.service';

export interface CardsOptions {
  /** Tests pass a ManualClock. */
  clock?: Clock;
  /** Tests inject faults (a crash mid-allocation). */
  faults?: CardsFaults;
}

/** The cards service: its runtime (schema, outbox, consumer) and its features (kinds, units, loans). */
@Module({})
export class CardsModule {
  static forRoot(config: CardsConfig, options: CardsOptions = {}): DynamicModule {
    return {
      module: CardsModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'cards',
          config,
          entities: CARDS_ENTITIES,
          migrations: CARDS_MIGRATIONS,
          clock: options.clock,
          projectCases: true,
        }),
      ],
      controllers: [KindsHandler, UnitsHandler, LoansHandler],
      providers: [
        { provide: CardsConfig, useValue: config },
        { provide: CARDS_INSTANCE, useValue: config.INSTANCE_ID ?? `${hostname()}:${process.pid}` },
        { provide: CARDS_FAULTS, useValue: options.faults ?? {} },
        KindsService,
        KindsResync,
        UnitsService,
        Allocator,
        Holdings,
        LoansService,
        LoanCommands,
        LoanDispatchService,
        LoanReturnsService,
        A06Consumer,
        LoanChecks,
        CardStockMetrics,
      ],
    };
  }
}
