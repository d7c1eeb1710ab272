import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  pageWindow,
  WebhookDelete,
  WebhookDeliveryList,
  WebhookGet,
  WebhookList,
  WebhookRotateSecret,
  WebhookSubscribe,
  WebhookView,
} from '@jlis/contracts';
import { DomainError, withIdempotency } from '@jlis/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import { NotificationsConfig } from '../notifications.config';
import { urlRefusal } from './webhook-address';
import { newSigningSecret, sealSecret } from './webhook-secrets';
import { toDeliveryView, toWebhookView } from './webhook-views';
import { WebhooksRepository } from './webhooks.repository';

/** Portals' webhook subscriptions: subscribe, read, delete, rotate the secret, read the delivery log. */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NotificationsConfig) private readonly config: NotificationsConfig,
  ) {}

  async subscribe(req: WebhookSubscribe.Request): Promise<WebhookSubscribe.Response> {
    this.checkUrl(req.body.url);
    const secret = newSigningSecret();
    return this.dataSource.transaction(async (m) => {
      // The stored answer of an Idempotency-Key leaves the secret out: it is shown once and never stored in clear.
      const { response, replayed } = await withIdempotency(m, req.caller, req.idempotencyKey, req.body, async () => {
        const row = await new WebhooksRepository(m).insertSubscription(
          req.caller,
          req.body,
          sealSecret(secret, this.currentKey()),
        );
        return toWebhookView(row);
      });
      return { ...response, secret: replayed ? null : secret };
    });
  }

  async list(req: WebhookList.Request): Promise<WebhookList.Response> {
    const { take, skip, page, limit } = pageWindow(req);
    const { rows, total } = await new WebhooksRepository(this.dataSource.manager).listOwned(req.caller, take, skip);
    return { items: rows.map(toWebhookView), total, page, limit };
  }

  async get(req: WebhookGet.Request): Promise<WebhookView> {
    return toWebhookView(await this.owned(new WebhooksRepository(this.dataSource.manager), req));
  }

  async delete(req: WebhookDelete.Request): Promise<WebhookDelete.Response> {
    return this.dataSource.transaction(async (m) => {
      const repo = new WebhooksRepository(m);
      const row = await this.owned(repo, req, m);
      await repo.markDeleted(row.id);
      return { id: row.id, deleted: true as const };
    });
  }

  /** A new secret at once; tries from now on are signed with it (the old one stops verifying). */
  async rotateSecret(req: WebhookRotateSecret.Request): Promise<WebhookRotateSecret.Response> {
    const secret = newSigningSecret();
    return this.dataSource.transaction(async (m) => {
      const repo = new WebhooksRepository(m);
      const row = await this.owned(repo, req, m);
      const updated = await repo.setSecret(row.id, sealSecret(secret, this.currentKey()));
      return { ...toWebhookView(updated), secret };
    });
  }

  async deliveries(req: WebhookDeliveryList.Request): Promise<WebhookDeliveryList.Response> {
    const repo = new WebhooksRepository(this.dataSource.manager);
    const row = await this.owned(repo, req);
    const { take, skip, page, limit } = pageWindow(req);
    const { rows, total } = await repo.deliveries(row.id, take, skip);
    const tries = await repo.tries(rows.map((r) => r.id));
    return { items: rows.map((r) => toDeliveryView(r, tries.get(r.id) ?? [])), total, page, limit };
  }

  /** Another party's subscription does not exist for the caller (404, as for cases). */
  private async owned(repo: WebhooksRepository, req: WebhookGet.Request, m?: EntityManager) {
    const row = await repo.findOwned(req.caller, req.webhookId, !!m);
    if (!row) throw new DomainError('NOT_FOUND', 'Webhook subscription was not found.');
    return row;
  }

  private checkUrl(url: string): void {
    const why = urlRefusal(url, this.config.webhookAllowPrivate());
    if (!why) return;
    throw new DomainError(
      'WEBHOOK_URL_NOT_ALLOWED',
      `このURLには配信できません(${REFUSALS_JA[why] ?? why})。インターネットから届く https のURLを指定してください。 / ` +
        `Webhooks cannot be sent to this URL (${why}); give an https URL reachable from the internet.`,
      undefined,
      [{ field: 'url', message: why }],
    );
  }

  private currentKey() {
    return this.config.webhookSecretKeys()[0];
  }
}

const REFUSALS_JA: Record<string, string> = {
  'not https': 'https ではありません',
  'credentials in the URL': 'URLに認証情報が含まれています',
  'a loopback address': 'ループバックアドレスです',
  'a link-local address': 'リンクローカルアドレスです',
  'a private or reserved address': 'プライベートまたは予約済みのアドレスです',
  'not a URL': 'URLの形式ではありません',
};
