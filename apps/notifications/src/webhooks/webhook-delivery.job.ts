import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseProjection, LOGGER, Logger, Scheduler } from '@jlis/runtime';
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { messageIdFor } from '../mail/mail.handler';
import { MAIL_CHANNEL } from '../mail/mail.sender';
import { NotificationsConfig } from '../notifications.config';
import { renderWebhookDisabled, WEBHOOK_DISABLED_TEMPLATE } from './webhook-disabled.mail';
import { postWebhook, TryResult } from './webhook-http';
import { openSecret, sealSecret, signWebhook } from './webhook-secrets';
import { mayReceive } from './webhook-visibility';
import { WEBHOOK_CHANNEL } from './webhooks.consumer';
import { DeliveryRow, ownerOf, SubscriptionRow, WebhooksRepository } from './webhooks.repository';

/** What one claim did. */
export type WebhookOutcome = 'delivered' | 'retry' | 'failed' | 'skipped';

const RESEAL_JOB = 'webhook-secrets-reseal';

/**
 * Delivers queued webhooks. Each instance runs WEBHOOK_SENDERS loops; a delivery is claimed with `FOR UPDATE SKIP
 * LOCKED` for the length of its try, so instances share the work and never send one delivery at once. A failed try
 * is retried with doubling waits until WEBHOOK_RETRY_WINDOW_MS after the first; then the delivery fails, its
 * subscription is disabled and its contact mailed (through the mail table and MailSender, like every mail).
 */
@Injectable()
export class WebhookDeliveryJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly wakers = new Set<() => void>();
  private pokes = 0;
  private listener?: Client;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NotificationsConfig) private readonly config: NotificationsConfig,
    @Inject(CaseProjection) private readonly cases: CaseProjection,
    @Inject(Scheduler) private readonly scheduler: Scheduler,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loops = Array.from({ length: this.config.WEBHOOK_SENDERS }, () => this.run());
    void this.listen();
    this.scheduler.every(RESEAL_JOB, 60_000, () => this.resealSecrets().then(() => undefined));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wakers.forEach((wake) => wake());
    await Promise.all(this.loops);
    await this.listener?.end().catch(() => undefined);
  }

  /** Wakes a loop when the consumer commits deliveries; the poll (the retry base, at most 1 s) covers the rest. */
  private async listen(): Promise<void> {
    if (!this.running) return;
    const client = new Client({ connectionString: this.config.databaseUrl('notifications') });
    client.on('error', () => {
      this.listener = undefined;
      setTimeout(() => void this.listen(), 1000);
    });
    client.on('notification', () => {
      this.pokes += 1;
      this.wakers.forEach((wake) => wake());
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${WEBHOOK_CHANNEL}`);
      if (!this.running) await client.end();
      else this.listener = client;
    } catch (error) {
      this.logger.warn({ err: error }, 'webhooks: cannot LISTEN; polling');
      await client.end().catch(() => undefined);
      if (this.running) setTimeout(() => void this.listen(), 1000);
    }
  }

  private async run(): Promise<void> {
    const pollMs = Math.min(1000, this.config.WEBHOOK_RETRY_BASE_MS);
    while (this.running) {
      let worked = false;
      try {
        worked = (await this.deliverNext()) !== undefined;
      } catch (error) {
        this.logger.warn({ err: error }, 'webhooks: could not claim a delivery; retrying');
      }
      if (!worked && this.running) {
        const seen = this.pokes;
        await new Promise<void>((done) => {
          const wake = () => (clearTimeout(timer), this.wakers.delete(wake), done());
          const timer = setTimeout(wake, pollMs);
          this.wakers.add(wake);
          if (this.pokes !== seen) wake();
        });
      }
    }
  }

  /** Claims the next due delivery (if any) and makes one try; returns what happened. */
  async deliverNext(): Promise<WebhookOutcome | undefined> {
    return this.dataSource.transaction(async (m) => {
      const repo = new WebhooksRepository(m);
      const due = await repo.claimDue();
      if (!due) return undefined;
      return this.attempt(repo, due, due.subscription, m);
    });
  }

  private async attempt(
    repo: WebhooksRepository,
    delivery: DeliveryRow,
    subscription: SubscriptionRow,
    m: EntityManager,
  ): Promise<WebhookOutcome> {
    // Checked again at every try: a subscription deleted or disabled meanwhile sends nothing, and a case whose
    // parties changed (another contractor named) goes only where a read would still be allowed.
    if (subscription.status !== 'active' || subscription.deleted_at) {
      await repo.markFailed(delivery.id, delivery.attempts, 'subscription no longer active');
      return 'skipped';
    }
    if (delivery.application_id) {
      const snapshot = await this.cases.find(delivery.application_id, m);
      if (!snapshot || !mayReceive(ownerOf(subscription), snapshot, delivery.reach)) {
        await repo.markFailed(delivery.id, delivery.attempts, 'the subscriber may no longer read this case');
        return 'skipped';
      }
    }
    const attempts = delivery.attempts + 1;
    const result = await this.send(delivery, subscription);
    await repo.recordTry(delivery.id, attempts, result);
    if (!result.error) {
      await repo.markDelivered(delivery.id, attempts);
      this.logger.info({ deliveryId: delivery.id, eventType: delivery.event_type, attempts }, 'webhook delivered');
      return 'delivered';
    }
    const firstTry = delivery.first_try_at ? new Date(delivery.first_try_at).getTime() : Date.now();
    const windowEnds = firstTry + this.config.WEBHOOK_RETRY_WINDOW_MS;
    if (Date.now() >= windowEnds) {
      await repo.markFailed(delivery.id, attempts, result.error);
      await this.disable(repo, delivery, subscription, result.error, firstTry, m);
      return 'failed';
    }
    // Doubling waits, capped; the last try falls at the end of the window.
    const wait = Math.min(this.config.WEBHOOK_RETRY_MAX_MS, this.config.WEBHOOK_RETRY_BASE_MS * 2 ** (attempts - 1));
    const delay = Math.max(0, Math.min(wait, windowEnds - Date.now()));
    await repo.scheduleRetry(delivery.id, attempts, result.error, delay);
    this.logger.warn(
      { deliveryId: delivery.id, eventType: delivery.event_type, attempts, delayMs: delay, error: result.error },
      'webhook not delivered; will retry',
    );
    return 'retry';
  }

  /** One signed POST (Standard Webhooks headers); the timestamp and signature are made for this try. */
  private async send(delivery: DeliveryRow, subscription: SubscriptionRow): Promise<TryResult> {
    let secret: string;
    try {
      secret = openSecret(
        { keyId: subscription.secret_key_id, sealed: subscription.secret_sealed },
        this.config.webhookSecretKeys(),
      );
    } catch (error) {
      return { statusCode: null, error: `cannot sign: ${(error as Error).message}`, durationMs: 0 };
    }
    const timestamp = Math.floor(Date.now() / 1000);
    return postWebhook(
      subscription.url,
      {
        'webhook-id': delivery.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(secret, delivery.id, timestamp, delivery.body),
        'user-agent': 'jpki-onboarding-webhooks/1',
      },
      delivery.body,
      { timeoutMs: this.config.WEBHOOK_TIMEOUT_MS, allowPrivate: this.config.webhookAllowPrivate() },
    );
  }

  /** After the retry window: the subscription is disabled and its contact told, in the transaction of the last try. */
  private async disable(
    repo: WebhooksRepository,
    delivery: DeliveryRow,
    subscription: SubscriptionRow,
    lastError: string,
    firstTry: number,
    m: EntityManager,
  ): Promise<void> {
    const hours = Math.round((this.config.WEBHOOK_RETRY_WINDOW_MS / 3_600_000) * 100) / 100;
    const reason = `No delivery succeeded for ${hours} h; last error: ${lastError}`.slice(0, 1000);
    if (!(await repo.disable(subscription.id, reason))) return;
    const mail = renderWebhookDisabled({
      url: subscription.url,
      description: subscription.description,
      eventType: delivery.event_type,
      receptionNumber: delivery.reception_number,
      firstTryAt: new Date(firstTry).toISOString(),
      lastError,
      disabledAt: new Date().toISOString(),
      windowHours: hours,
    });
    // The mail path of every mail: a pending row the MailSender delivers (its Message-ID from the failed delivery).
    await m.query(
      `INSERT INTO mail_message (event_id, event_type, application_id, organization_code, contractor_id, template_code,
         template_version, message_id, mail_from, mail_to, subject, body)
       VALUES ($1, 'notifications.webhook.disabled', NULL, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (event_id, template_code) DO NOTHING`,
      [
        delivery.id,
        subscription.owner_org,
        subscription.owner_contractor,
        WEBHOOK_DISABLED_TEMPLATE.code,
        WEBHOOK_DISABLED_TEMPLATE.version,
        messageIdFor(delivery.id, WEBHOOK_DISABLED_TEMPLATE.code),
        this.config.mailFrom(),
        [subscription.contact_email],
        mail.subject,
        mail.body,
      ],
    );
    await m.query(`SELECT pg_notify($1, '')`, [MAIL_CHANNEL]);
    this.logger.warn({ subscriptionId: subscription.id, url: subscription.url }, 'webhook subscription disabled');
  }

  /** After WEBHOOK_SECRET_KEYS got a new first key: re-encrypts every secret with it, a batch per tick. */
  async resealSecrets(): Promise<number> {
    const keys = this.config.webhookSecretKeys();
    return this.dataSource.transaction(async (m) => {
      const repo = new WebhooksRepository(m);
      const rows = await repo.sealedWithOtherKey(keys[0].id, 500);
      let done = 0;
      for (const row of rows) {
        try {
          const secret = openSecret({ keyId: row.secret_key_id, sealed: row.secret_sealed }, keys);
          await repo.reseal(row.id, sealSecret(secret, keys[0]));
          done += 1;
        } catch (error) {
          this.logger.error({ err: error, subscriptionId: row.id }, 'webhook secret cannot be re-encrypted');
        }
      }
      if (done) this.logger.info({ count: done, keyId: keys[0].id }, 'webhook secrets re-encrypted');
      return done;
    });
  }
}
