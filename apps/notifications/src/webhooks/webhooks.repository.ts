import type {
  Caller,
  CaseReach,
  WebhookAttemptView,
  WebhookDeliveryView,
  WebhookEventType,
  WebhookStatus,
} from '@jlis/contracts';
import type { EntityManager } from 'typeorm';
import type { SealedSecret } from './webhook-secrets';

export interface SubscriptionRow {
  id: string;
  owner_role: Caller['role'];
  owner_org: string | null;
  owner_contractor: string | null;
  created_by: string;
  url: string;
  event_types: WebhookEventType[];
  contact_email: string;
  description: string | null;
  secret_key_id: string;
  secret_sealed: string;
  secret_set_at: Date;
  status: WebhookStatus;
  disabled_at: Date | null;
  disabled_reason: string | null;
  deleted_at: Date | null;
  created_at: Date;
}

export interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  application_id: string | null;
  reception_number: string | null;
  /** How far into the case the event reaches (checked again at every try). */
  reach: CaseReach;
  body: string;
  status: WebhookDeliveryView['status'];
  attempts: number;
  first_try_at: Date | null;
  next_attempt_at: Date;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
}

interface AttemptRow {
  delivery_id: string;
  attempt: number;
  at: Date;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** The caller a subscription's deliveries are checked as: its owner, as it was when it subscribed. */
export function ownerOf(
  row: Pick<SubscriptionRow, 'owner_role' | 'owner_org' | 'owner_contractor' | 'created_by'>,
): Caller {
  return {
    sub: row.created_by,
    role: row.owner_role,
    org: row.owner_org ?? undefined,
    contractor: row.owner_contractor ?? undefined,
  };
}

/**
 * Which subscriptions a caller holds: an organisation's applicants share theirs, a contractor's users theirs, and
 * operators (J-LIS) see every subscription — they administer the suite.
 */
function ownedBy(caller: Caller, params: unknown[]): string {
  switch (caller.role) {
    case 'operator':
      return 'TRUE';
    case 'applicant':
      params.push(caller.org ?? '');
      return `owner_role = 'applicant' AND owner_org = $${params.length}`;
    case 'contractor':
      params.push(caller.contractor ?? '');
      return `owner_role = 'contractor' AND owner_contractor = $${params.length}`;
  }
}

/** SQL of webhook subscriptions, deliveries and tries. */
export class WebhooksRepository {
  constructor(private readonly m: EntityManager) {}

  async insertSubscription(
    caller: Caller,
    body: { url: string; eventTypes: string[]; contactEmail: string; description?: string },
    secret: SealedSecret,
  ): Promise<SubscriptionRow> {
    const [row]: SubscriptionRow[] = await this.m.query(
      `INSERT INTO webhook_subscription (owner_role, owner_org, owner_contractor, created_by, url, event_types, contact_email,
         description, secret_key_id, secret_sealed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [
        caller.role,
        caller.role === 'applicant' ? caller.org : null,
        caller.role === 'contractor' ? caller.contractor : null,
        caller.sub,
        body.url,
        body.eventTypes,
        body.contactEmail,
        body.description ?? null,
        secret.keyId,
        secret.sealed,
      ],
    );
    return row;
  }

  /** The subscription if the caller holds it (deleted ones do not exist any more). */
  async findOwned(caller: Caller, id: string, lock = false): Promise<SubscriptionRow | undefined> {
    const params: unknown[] = [id];
    const rows: SubscriptionRow[] = await this.m.query(
      `SELECT * FROM webhook_subscription WHERE id = $1 AND deleted_at IS NULL AND ${ownedBy(caller, params)}
       ${lock ? 'FOR UPDATE' : ''}`,
      params,
    );
    return rows[0];
  }

  async listOwned(caller: Caller, take: number, skip: number): Promise<{ rows: SubscriptionRow[]; total: number }> {
    const params: unknown[] = [];
    const where = `deleted_at IS NULL AND ${ownedBy(caller, params)}`;
    const rows: SubscriptionRow[] = await this.m.query(
      `SELECT * FROM webhook_subscription WHERE ${where} ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, take, skip],
    );
    const [{ n }]: { n: number }[] = await this.m.query(
      `SELECT count(*)::int AS n FROM webhook_subscription WHERE ${where}`,
      params,
    );
    return { rows, total: n };
  }

  async setSecret(id: string, secret: SealedSecret): Promise<SubscriptionRow> {
    const [rows]: [SubscriptionRow[]] = await this.m.query(
      `UPDATE webhook_subscription SET secret_key_id = $2, secret_sealed = $3, secret_set_at = now() WHERE id = $1 RETURNING *`,
      [id, secret.keyId, secret.sealed],
    );
    return rows[0];
  }

  /** Deleted: hidden from every read and sent nothing more; its deliveries stay in the log (history is kept). */
  async markDeleted(id: string): Promise<void> {
    await this.m.query(`UPDATE webhook_subscription SET deleted_at = now() WHERE id = $1`, [id]);
    await this.m.query(
      `UPDATE webhook_delivery SET status = 'failed', last_error = 'subscription deleted' WHERE subscription_id = $1 AND status = 'pending'`,
      [id],
    );
  }

  /** Active subscriptions that asked for this event type (`@>` so the GIN index answers: most events have none). */
  async activeFor(eventType: string): Promise<SubscriptionRow[]> {
    return this.m.query(
      `SELECT * FROM webhook_subscription WHERE status = 'active' AND deleted_at IS NULL AND event_types @> ARRAY[$1]::text[]`,
      [eventType],
    );
  }

  /** One delivery per (subscription, event): a redelivered event adds nothing. */
  async insertDelivery(d: {
    subscriptionId: string;
    eventId: string;
    eventType: string;
    applicationId: string | null;
    receptionNumber: string | null;
    reach: CaseReach;
    body: string;
  }): Promise<void> {
    await this.m.query(
      `INSERT INTO webhook_delivery (subscription_id, event_id, event_type, application_id, reception_number, reach, body)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (subscription_id, event_id) DO NOTHING`,
      [d.subscriptionId, d.eventId, d.eventType, d.applicationId, d.receptionNumber, d.reach, d.body],
    );
  }

  /** The oldest due delivery, locked for the length of its try (other loops and instances skip it). */
  async claimDue(): Promise<(DeliveryRow & { subscription: SubscriptionRow }) | undefined> {
    const rows: DeliveryRow[] = await this.m.query(
      `SELECT * FROM webhook_delivery WHERE status = 'pending' AND next_attempt_at <= now()
        ORDER BY next_attempt_at, created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
    const delivery = rows[0];
    if (!delivery) return undefined;
    const [subscription]: SubscriptionRow[] = await this.m.query(`SELECT * FROM webhook_subscription WHERE id = $1`, [
      delivery.subscription_id,
    ]);
    return { ...delivery, subscription };
  }

  async recordTry(
    deliveryId: string,
    attempt: number,
    t: { statusCode: number | null; error: string | null; durationMs: number },
  ) {
    await this.m.query(
      `INSERT INTO webhook_attempt (delivery_id, attempt, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5)`,
      [deliveryId, attempt, t.statusCode, t.error, t.durationMs],
    );
  }

  async markDelivered(id: string, attempts: number): Promise<void> {
    await this.m.query(
      `UPDATE webhook_delivery SET status = 'delivered', attempts = $2, first_try_at = coalesce(first_try_at, now()),
         delivered_at = now(), last_error = NULL WHERE id = $1`,
      [id, attempts],
    );
  }

  async scheduleRetry(id: string, attempts: number, error: string, delayMs: number): Promise<void> {
    await this.m.query(
      `UPDATE webhook_delivery SET attempts = $2, last_error = $3, first_try_at = coalesce(first_try_at, now()),
         -- clock_timestamp(), not now(): the transaction began before the try was sent, and the wait counts from its end.
         next_attempt_at = clock_timestamp() + ($4 * interval '1 millisecond') WHERE id = $1`,
      [id, attempts, error, delayMs],
    );
  }

  async markFailed(id: string, attempts: number, error: string): Promise<void> {
    await this.m.query(
      `UPDATE webhook_delivery SET status = 'failed', attempts = $2, last_error = $3, first_try_at = coalesce(first_try_at, now())
        WHERE id = $1`,
      [id, attempts, error],
    );
  }

  /** Disables the subscription (once) and fails what it still had pending; true when this call disabled it. */
  async disable(id: string, reason: string): Promise<boolean> {
    const [, changed]: [unknown, number] = await this.m.query(
      `UPDATE webhook_subscription SET status = 'disabled', disabled_at = now(), disabled_reason = $2
        WHERE id = $1 AND status = 'active'`,
      [id, reason],
    );
    await this.m.query(
      `UPDATE webhook_delivery SET status = 'failed', last_error = 'subscription disabled' WHERE subscription_id = $1 AND status = 'pending'`,
      [id],
    );
    return changed > 0;
  }

  async deliveries(
    subscriptionId: string,
    take: number,
    skip: number,
  ): Promise<{ rows: DeliveryRow[]; total: number }> {
    const rows: DeliveryRow[] = await this.m.query(
      `SELECT * FROM webhook_delivery WHERE subscription_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
      [subscriptionId, take, skip],
    );
    const [{ n }]: { n: number }[] = await this.m.query(
      `SELECT count(*)::int AS n FROM webhook_delivery WHERE subscription_id = $1`,
      [subscriptionId],
    );
    return { rows, total: n };
  }

  async tries(deliveryIds: string[]): Promise<Map<string, WebhookAttemptView[]>> {
    const rows: AttemptRow[] = deliveryIds.length
      ? await this.m.query(`SELECT * FROM webhook_attempt WHERE delivery_id = ANY ($1) ORDER BY delivery_id, attempt`, [
          deliveryIds,
        ])
      : [];
    const byDelivery = new Map<string, WebhookAttemptView[]>();
    for (const r of rows) {
      const list = byDelivery.get(r.delivery_id) ?? [];
      list.push({
        attempt: r.attempt,
        at: new Date(r.at).toISOString(),
        statusCode: r.status_code,
        error: r.error,
        durationMs: r.duration_ms,
      });
      byDelivery.set(r.delivery_id, list);
    }
    return byDelivery;
  }

  /** Secrets sealed with a key other than `keyId` (after WEBHOOK_SECRET_KEYS got a new first key). */
  async sealedWithOtherKey(keyId: string, limit: number): Promise<SubscriptionRow[]> {
    return this.m.query(
      `SELECT * FROM webhook_subscription WHERE secret_key_id <> $1 AND deleted_at IS NULL LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [keyId, limit],
    );
  }

  async reseal(id: string, secret: SealedSecret): Promise<void> {
    await this.m.query(`UPDATE webhook_subscription SET secret_key_id = $2, secret_sealed = $3 WHERE id = $1`, [
      id,
      secret.keyId,
      secret.sealed,
    ]);
  }
}
