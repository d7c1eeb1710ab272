import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import {
  AccessEvents,
  ApplicationSnapshot,
  CardKindDefinedPayload,
  CardsEvents,
  ContractorPayload,
  EventEnvelope,
} from '@jlis/contracts';
import { CaseProjection, currentTraceparent, EventConsumer, LOGGER, Logger, notifyOnCommit } from '@jlis/runtime';
import type { EntityManager } from 'typeorm';
import { NotificationsConfig } from '../notifications.config';
import { MAIL_ROUTES, MailRoute, recipientsOf } from './mail-routes';
import { MAIL_CHANNEL } from './mail.sender';
import type { ContractorContact } from './templates';

/** The Message-ID of the mail a template renders for an event: the same on every resend. */
export function messageIdFor(eventId: string, templateCode: string): string {
  return `<${eventId}.${templateCode}@jpki-onboarding>`;
}

/**
 * Renders and stores mail from events. Runs inside the consumer's transaction (with the inbox row), so a
 * mail is stored exactly once per (event, template); it never talks to SMTP — the MailSender does.
 */
@Injectable()
export class MailHandler implements OnModuleInit {
  constructor(
    @Inject(EventConsumer) private readonly consumer: EventConsumer,
    @Inject(CaseProjection) private readonly cases: CaseProjection,
    @Inject(NotificationsConfig) private readonly config: NotificationsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.consumer.on<ContractorPayload>(AccessEvents.ContractorRegistered, (e, m) => this.projectContractor(e, m), {
      projection: true,
    });
    this.consumer.on<ContractorPayload>(AccessEvents.ContractorUpdated, (e, m) => this.projectContractor(e, m), {
      projection: true,
    });
    this.consumer.on<CardKindDefinedPayload>(CardsEvents.CardKindDefined, (e, m) => this.projectCardKind(e, m), {
      projection: true,
    });
    for (const route of MAIL_ROUTES) {
      this.consumer.on<Record<string, unknown>>(route.eventType, (e, m) => this.store(route, e, m));
    }
  }

  async projectContractor(event: EventEnvelope<ContractorPayload>, m: EntityManager): Promise<void> {
    const p = event.payload;
    await m.query(
      `INSERT INTO contractor_contact (contractor_id, name, email, corporate_number, aggregate_version) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (contractor_id) DO UPDATE
         SET name = EXCLUDED.name, email = EXCLUDED.email, corporate_number = EXCLUDED.corporate_number,
             aggregate_version = EXCLUDED.aggregate_version, updated_at = now()
       WHERE contractor_contact.aggregate_version < EXCLUDED.aggregate_version`,
      [p.contractorId, p.name, p.email, p.corporateNumber ?? null, event.aggregateVersion],
    );
  }

  async projectCardKind(event: EventEnvelope<CardKindDefinedPayload>, m: EntityManager): Promise<void> {
    const p = event.payload;
    await m.query(
      `INSERT INTO card_kind_name (code, name, aggregate_version) VALUES ($1, $2, $3)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, aggregate_version = EXCLUDED.aggregate_version, updated_at = now()
       WHERE card_kind_name.aggregate_version < EXCLUDED.aggregate_version`,
      [p.code, p.name, event.aggregateVersion],
    );
  }

  /** Renders the route's template for the event and stores it as a pending mail (once per event and template). */
  async store(route: MailRoute, event: EventEnvelope<Record<string, unknown>>, m: EntityManager): Promise<void> {
    const payload = event.payload;
    if (route.when && !route.when(payload as never)) return;
    const fromPayload = (payload.application as ApplicationSnapshot | undefined) ?? undefined;
    const applicationId =
      fromPayload?.id ?? (payload.applicationId as string | undefined) ?? event.applicationId ?? null;
    let app = fromPayload;
    if (!app && applicationId)
      app = route.needsCase ? await this.cases.require(applicationId, m) : await this.cases.find(applicationId, m);
    if (route.needsCase && !app)
      throw new Error(`${event.type} ${event.id} names no application; template ${route.template.code} needs one`);

    const contractor =
      route.audience === 'contacts-and-contractor' ? await this.contractorOf(payload, app, m) : undefined;
    const cardKinds = event.type.startsWith('cards.') ? await this.cardKindNames(m) : undefined;
    const rendered = route.template.render({
      event: event as never,
      app,
      contractor,
      letterhead: this.config.letterhead(),
      cardKinds,
    });
    const recipients = recipientsOf(route, app, contractor, this.config.jlisMailbox());
    const noRecipient = recipients.to.length === 0;
    if (noRecipient)
      this.logger.warn({ eventId: event.id, template: route.template.code }, 'mail has no recipient; stored as failed');
    const stored: { id: string }[] = await m.query(
      `INSERT INTO mail_message (event_id, event_type, application_id, organization_code, contractor_id, template_code, template_version,
         message_id, mail_from, mail_to, mail_cc, reply_to, subject, body, status, last_error, trace_parent)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (event_id, template_code) DO NOTHING RETURNING id`,
      [
        event.id,
        event.type,
        applicationId,
        app?.organizationCode ?? null,
        contractor?.contractorId ?? null,
        route.template.code,
        route.template.version,
        messageIdFor(event.id, route.template.code),
        this.config.mailFrom(),
        recipients.to,
        recipients.cc,
        recipients.replyTo,
        rendered.subject,
        rendered.body,
        noRecipient ? 'failed' : 'pending',
        noRecipient ? 'No recipient: the case has no contact e-mail address.' : null,
        // The event's trace (its processing span), so the delivery, later and maybe by another instance, joins it.
        currentTraceparent(),
      ],
    );
    // Attachments are stored with the mail, so every resend carries the same bytes.
    for (const [position, file] of (stored[0] ? (rendered.attachments ?? []) : []).entries()) {
      await m.query(
        `INSERT INTO mail_attachment (message_id, position, filename, content_type, content) VALUES ($1, $2, $3, $4, $5)`,
        [stored[0].id, position, file.filename, file.contentType, file.content],
      );
    }
    if (!noRecipient) await notifyOnCommit(m, MAIL_CHANNEL);
  }

  private async cardKindNames(m: EntityManager): Promise<Record<string, string>> {
    const rows: { code: string; name: string }[] = await m.query(`SELECT code, name FROM card_kind_name`);
    return Object.fromEntries(rows.map((r) => [r.code, r.name]));
  }

  private async contractorOf(
    payload: Record<string, unknown>,
    app: ApplicationSnapshot | undefined,
    m: EntityManager,
  ): Promise<ContractorContact | undefined> {
    const contractorId = (payload.contractorId as string | null | undefined) ?? app?.contractorId;
    if (!contractorId) return undefined;
    const rows: { name: string; email: string }[] = await m.query(
      `SELECT name, email FROM contractor_contact WHERE contractor_id = $1`,
      [contractorId],
    );
    if (!rows[0]) {
      this.logger.warn(
        { contractorId },
        'contractor not known to notifications (no access.contractor.* event yet); mail goes to the contacts only',
      );
      return undefined;
    }
    return { contractorId, ...rows[0] };
  }
}
