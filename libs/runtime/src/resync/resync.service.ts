import type { EventPayloads, EventType, ServiceName } from '@jlis/contracts';
import { ResyncRun } from '@jlis/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../errors/domain-error';
import type { Logger } from '../logging/logger';
import { NewEvent, Outbox } from '../messaging/outbox';

/** A catalogued event re-published as it stands (its payload checked against the catalogue like any other). */
export type ResyncEvent = { [T in EventType]: NewEvent<EventPayloads[T]> & { type: T } }[EventType];
/** The current state of one kind of aggregate, as the events that would carry it (owner's version included). */
export type ResyncSource = (m: EntityManager) => Promise<ResyncEvent[]>;

/**
 * An owner's resync: on an operator's request, every registered source's current state goes to the outbox as events
 * marked `resync`, in one transaction (one consistent picture), and the relay publishes them as usual. Consumers apply
 * them with their projection handlers only, which keep the owner's latest by version: applying one twice, or one older
 * than what they hold, changes nothing, and nothing acts on it (no mail, no timeline entry).
 */
export class ResyncService {
  private readonly sources = new Map<string, ResyncSource>();

  constructor(
    private readonly service: ServiceName,
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly logger: Logger,
  ) {}

  /** Registers what this service owns and others project; called by the owning feature at start. */
  source(name: string, collect: ResyncSource): void {
    this.sources.set(name, collect);
  }

  async run(req: ResyncRun.Request): Promise<ResyncRun.Response> {
    if (req.caller.role !== 'operator')
      throw new DomainError(
        'FORBIDDEN',
        'J-LIS の運用担当者のみが再送を依頼できます。 / Only J-LIS operators request a resync.',
      );
    const sources = await this.dataSource.transaction(async (m) => {
      const done: ResyncRun.Response['sources'] = [];
      for (const [name, collect] of this.sources) {
        const events = await collect(m);
        for (const event of events) await this.outbox.add(m, { ...(event as NewEvent<unknown>), resync: true });
        done.push({ name, events: events.length });
      }
      return done;
    });
    const events = sources.reduce((sum, s) => sum + s.events, 0);
    this.logger.info({ sources, by: req.caller.sub }, 'resync: current state re-published');
    return { service: this.service, events, sources };
  }
}
