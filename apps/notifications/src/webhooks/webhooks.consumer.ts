import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ApplicationSnapshot, EventEnvelope, WEBHOOK_EVENT_TYPES } from '@jlis/contracts';
import { CaseProjection, EventConsumer, notifyOnCommit, RequestContext } from '@jlis/runtime';
import type { EntityManager } from 'typeorm';
import { webhookPayload } from './webhook-payload';
import { receptionNumberOf } from './webhook-payload';
import { eventReach, mayReceive } from './webhook-visibility';
import { ownerOf, WebhooksRepository } from './webhooks.repository';

/** Channel the consumer NOTIFYs (in its transaction, so on commit) when it queued deliveries. */
export const WEBHOOK_CHANNEL = 'notifications_webhook_due';

/**
 * Turns events into deliveries: one row per (subscription, event) for every active subscription that asked for the
 * type and whose owner may read the case. Runs in the consumer's transaction with the inbox row, so a redelivered
 * event queues nothing twice; it never talks HTTP — the delivery job does.
 */
@Injectable()
export class WebhooksConsumer implements OnModuleInit {
  constructor(
    @Inject(EventConsumer) private readonly consumer: EventConsumer,
    @Inject(CaseProjection) private readonly cases: CaseProjection,
  ) {}

  onModuleInit(): void {
    for (const type of WEBHOOK_EVENT_TYPES)
      this.consumer.on<Record<string, unknown>>(type, (event, m) => this.fanOut(event, m));
  }

  async fanOut(event: EventEnvelope<Record<string, unknown>>, m: EntityManager): Promise<void> {
    const repo = new WebhooksRepository(m);
    const subscriptions = await repo.activeFor(event.type);
    if (subscriptions.length === 0) return;
    const snapshot = await this.caseOf(event, m);
    if (!snapshot) return;
    const caseVersion = await this.caseVersion(snapshot.id, event, m);
    // The event's position in the stream, as the consumer applying it knows it: the delivery's consistency token.
    const position = RequestContext.current()?.streamPosition;
    const body = JSON.stringify(webhookPayload(event, snapshot, caseVersion, position));
    const reach = eventReach(event.type, event.payload);
    let queued = 0;
    for (const subscription of subscriptions) {
      if (!mayReceive(ownerOf(subscription), snapshot, reach)) continue;
      await repo.insertDelivery({
        subscriptionId: subscription.id,
        eventId: event.id,
        eventType: event.type,
        applicationId: snapshot.id,
        receptionNumber: receptionNumberOf(snapshot),
        reach,
        body,
      });
      queued += 1;
    }
    if (queued) await notifyOnCommit(m, WEBHOOK_CHANNEL);
  }

  /**
   * The case as of this event: intake's events carry it; for the others the projection, which must know the case
   * (PRECONDITION_NOT_YET_KNOWN otherwise, so JetStream redelivers until intake's event has been applied).
   */
  private async caseOf(
    event: EventEnvelope<Record<string, unknown>>,
    m: EntityManager,
  ): Promise<ApplicationSnapshot | undefined> {
    const carried = event.payload?.application as ApplicationSnapshot | undefined;
    if (carried?.id) {
      // The projection applied this event before us (CaseProjection registers first); it holds the newer of the two.
      return (await this.cases.find(carried.id, m)) ?? carried;
    }
    const applicationId = (event.payload?.applicationId as string | undefined) ?? event.applicationId;
    if (!applicationId) return undefined;
    return this.cases.require(applicationId, m);
  }

  private async caseVersion(
    applicationId: string,
    event: EventEnvelope<Record<string, unknown>>,
    m: EntityManager,
  ): Promise<number | null> {
    const rows: { aggregate_version: number }[] = await m.query(
      `SELECT aggregate_version FROM case_snapshot WHERE application_id = $1`,
      [applicationId],
    );
    return rows[0]?.aggregate_version ?? (event.payload?.application ? event.aggregateVersion : null);
  }
}
