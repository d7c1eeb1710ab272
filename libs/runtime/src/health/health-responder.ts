import { HealthCheck, ServiceName } from '@jlis/contracts';
import { hostname } from 'node:os';
import { NatsConnection, Subscription } from 'nats';
import { DataSource } from 'typeorm';

/** Answers `health.<service>` on NATS (queue group = service), checking the database on each ask. */
export class HealthResponder {
  private subscription?: Subscription;

  constructor(
    private readonly service: ServiceName,
    private readonly nats: NatsConnection,
    private readonly dataSource: DataSource,
    private readonly instance = `${hostname()}:${process.pid}`,
  ) {}

  start(): void {
    this.subscription = this.nats.subscribe(HealthCheck.subject(this.service), {
      queue: this.service,
      callback: (_err, msg) => {
        void this.check().then((answer) => msg.respond(JSON.stringify(answer)));
      },
    });
  }

  stop(): void {
    this.subscription?.unsubscribe();
  }

  async check(): Promise<HealthCheck.Response> {
    const database = await this.dataSource
      .query('SELECT 1')
      .then(() => true)
      .catch(() => false);
    return { service: this.service, ok: database, database, instance: this.instance, pid: process.pid };
  }
}
