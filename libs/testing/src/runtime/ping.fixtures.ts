import { Controller, Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { Caller, EventEnvelope } from '@jlis/contracts';
import {
  DomainError,
  EventConsumer,
  Outbox,
  RequestContext,
  ServiceConfig,
  ServiceRuntimeModule,
  ServiceRuntimeOptions,
} from '@jlis/runtime';
import { Type } from 'class-transformer';
import { IsString, MaxLength, ValidateNested } from 'class-validator';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A tiny producer/consumer pair used to prove the runtime's guarantees without any domain code. The producer runs
 * as `intake` (so its subjects are intake's: that is what intake's NATS identity may answer and publish).
 */
export const PING_CREATE = 'intake.ping.create';
export const PING_FAIL = 'intake.ping.fail';
export const PINGED = 'intake.ping.created';
export const PING_SLOW = 'intake.ping.slow';
/** Answers who the handler was told the caller is: in the payload (after validation) and in the request context. */
export const PING_WHO = 'intake.ping.who';

export class PingRequest {
  @ValidateNested() @Type(() => Caller) caller: Caller;
  @IsString() @MaxLength(20) text: string;
  rollback?: boolean;
}

class PingTables1764115200001 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ping (id serial PRIMARY KEY, text text NOT NULL)`);
    await q.query(`CREATE TABLE received (id serial PRIMARY KEY, event_id uuid NOT NULL, text text NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE received`);
    await q.query(`DROP TABLE ping`);
  }
}

@Injectable()
class PingService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async create(req: PingRequest): Promise<{ id: number }> {
    return this.ds.transaction(async (m) => {
      const [{ id }]: { id: number }[] = await m.query(`INSERT INTO ping (text) VALUES ($1) RETURNING id`, [req.text]);
      await this.outbox.add(m, {
        type: PINGED,
        aggregateId: String(id),
        aggregateVersion: 1,
        payload: { text: req.text },
      });
      if (req.text === 'rollback') throw new DomainError('CONFLICT', 'rolled back on purpose');
      return { id };
    });
  }
}

@Controller()
class PingController {
  constructor(private readonly service: PingService) {}
  @MessagePattern(PING_CREATE) create(@Payload() req: PingRequest) {
    return this.service.create(req);
  }
  @MessagePattern(PING_SLOW) async slow(@Payload() req: PingRequest) {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return { text: req.text };
  }
  @MessagePattern(PING_WHO) who(@Payload() req: PingRequest) {
    return { payload: req.caller, context: RequestContext.current()?.caller ?? null };
  }
  @MessagePattern(PING_FAIL) fail(@Payload() req: PingRequest) {
    throw new DomainError('CONFLICT', `cannot ping ${req.text}`, { text: req.text });
  }
}

@Injectable()
class ReceivedProjection implements OnModuleInit {
  constructor(@Inject(EventConsumer) private readonly consumer: EventConsumer) {}
  onModuleInit(): void {
    this.consumer.on<{ text: string }>(PINGED, async (event: EventEnvelope<{ text: string }>, m) => {
      await m.query(`INSERT INTO received (event_id, text) VALUES ($1, $2)`, [event.id, event.payload.text]);
    });
  }
}

type Overrides = Pick<ServiceRuntimeOptions, 'consumer' | 'relay'>;

export function producerModule(config: ServiceConfig, overrides: Overrides = {}) {
  @Module({
    imports: [
      ServiceRuntimeModule.forRoot({
        service: 'intake',
        config,
        entities: [],
        migrations: [PingTables1764115200001],
        ...overrides,
      }),
    ],
    controllers: [PingController],
    providers: [PingService],
  })
  class ProducerModule {}
  return ProducerModule;
}

export function consumerModule(config: ServiceConfig, overrides: Overrides = {}) {
  @Module({
    imports: [
      ServiceRuntimeModule.forRoot({
        service: 'notifications',
        config,
        entities: [],
        migrations: [PingTables1764115200001],
        ...overrides,
      }),
    ],
    providers: [ReceivedProjection],
  })
  class ConsumerModule {}
  return ConsumerModule;
}
