import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  endSpan,
  LOGGER,
  Logger,
  Metrics,
  SpanKind,
  trace,
  traceContext,
  traceContextFrom,
  tracer,
} from '@jlis/runtime';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { NotificationsConfig } from '../notifications.config';

interface DueMail {
  id: string;
  event_id: string;
  template_code: string;
  template_version: number;
  message_id: string;
  mail_from: string;
  mail_to: string[];
  mail_cc: string[];
  reply_to: string | null;
  subject: string;
  body: string;
  attempts: number;
  created_at: Date;
  trace_parent: string | null;
}

/** Channel a handler NOTIFYs (in its transaction, so on commit) when it stored mail. */
export const MAIL_CHANNEL = 'notifications_mail_due';

/** What one delivery attempt did. */
export type DeliveryOutcome = 'sent' | 'retry' | 'failed';

/**
 * Delivers stored mail. Each instance runs MAIL_SENDERS loops; a mail is claimed with `FOR UPDATE SKIP LOCKED`
 * for the length of its delivery, so several instances share the work and never send one mail at once.
 * With SMTP_URL unset every mail is written as `<event id>.<template>.eml` to MAIL_OUT_DIR instead.
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private transport?: Transporter;
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly wakers = new Set<() => void>();
  private pokes = 0;
  private listener?: Client;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NotificationsConfig) private readonly config: NotificationsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  get outDir(): string {
    return resolve(this.config.MAIL_OUT_DIR);
  }

  onApplicationBootstrap(): void {
    this.transport = this.config.SMTP_URL
      ? createTransport(smtpUrlWithDefaults(this.config.SMTP_URL, this.config.MAIL_SENDERS))
      : createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    if (!this.config.SMTP_URL)
      this.logger.info({ dir: this.outDir }, 'SMTP_URL not set: mail is written as .eml files');
    this.running = true;
    this.loops = Array.from({ length: this.config.MAIL_SENDERS }, () => this.run());
    void this.listen();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wakers.forEach((wake) => wake());
    await Promise.all(this.loops);
    await this.listener?.end().catch(() => undefined);
    this.transport?.close();
  }

  /** Wakes the loop as soon as a handler commits a mail (NOTIFY in its transaction); polling covers a lost listener. */
  private async listen(): Promise<void> {
    if (!this.running) return;
    const client = new Client({ connectionString: this.config.databaseUrl('notifications') });
    client.on('error', () => {
      this.listener = undefined;
      setTimeout(() => void this.listen(), 1000);
    });
    client.on('notification', () => this.poke());
    try {
      await client.connect();
      await client.query(`LISTEN ${MAIL_CHANNEL}`);
      if (!this.running) await client.end();
      else this.listener = client;
    } catch (error) {
      this.logger.warn({ err: error }, 'mail sender: cannot LISTEN; polling every MAIL_POLL_MS');
      await client.end().catch(() => undefined);
      if (this.running) setTimeout(() => void this.listen(), 1000);
    }
  }

  private poke(): void {
    this.pokes += 1;
    this.wakers.forEach((wake) => wake());
  }

  private async run(): Promise<void> {
    while (this.running) {
      let delivered = false;
      try {
        delivered = (await this.deliverNext()) !== undefined;
      } catch (error) {
        this.logger.warn({ err: error }, 'mail sender: could not claim mail; retrying');
      }
      if (!delivered && this.running) {
        const seen = this.pokes;
        await new Promise<void>((done) => {
          const wake = () => (clearTimeout(timer), this.wakers.delete(wake), done());
          const timer = setTimeout(wake, this.config.MAIL_POLL_MS);
          this.wakers.add(wake);
          // A NOTIFY that came while we were looking must not wait for the next poll.
          if (this.pokes !== seen) wake();
        });
      }
    }
  }

  /** Claims the next due mail (if any) and makes one delivery attempt; returns what happened. */
  async deliverNext(): Promise<DeliveryOutcome | undefined> {
    const outcome = await this.dataSource.transaction(async (m) => {
      const rows: DueMail[] = await m.query(
        `SELECT id, event_id, template_code, template_version, message_id, mail_from, mail_to, mail_cc, reply_to, subject, body, attempts, created_at,
                trace_parent
           FROM mail_message
          WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at, created_at
          LIMIT 1
          FOR UPDATE SKIP LOCKED`,
      );
      const mail = rows[0];
      if (!mail) return undefined;
      return this.attempt(mail, m);
    });
    // Counted once the outcome has committed.
    if (outcome) this.metrics.mails.inc({ status: outcome });
    return outcome;
  }

  private async attempt(mail: DueMail, m: EntityManager): Promise<DeliveryOutcome> {
    const attempts = mail.attempts + 1;
    try {
      await this.traced(mail, attempts, () => this.send(mail, m));
      await m.query(
        `UPDATE mail_message SET status = 'sent', attempts = $2, sent_at = now(), last_error = NULL WHERE id = $1`,
        [mail.id, attempts],
      );
      this.logger.info({ messageId: mail.message_id, template: mail.template_code, attempts }, 'mail sent');
      return 'sent';
    } catch (error) {
      const text = describe(error);
      const permanent = isPermanent(error);
      if (permanent || attempts >= this.config.MAIL_MAX_ATTEMPTS) {
        await m.query(`UPDATE mail_message SET status = 'failed', attempts = $2, last_error = $3 WHERE id = $1`, [
          mail.id,
          attempts,
          text,
        ]);
        this.logger.error(
          { messageId: mail.message_id, template: mail.template_code, attempts, error: text },
          'mail failed for good',
        );
        return 'failed';
      }
      const delay = Math.min(this.config.MAIL_RETRY_MAX_MS, this.config.MAIL_RETRY_BASE_MS * 2 ** (attempts - 1));
      await m.query(
        `UPDATE mail_message SET attempts = $2, last_error = $3, next_attempt_at = now() + ($4 * interval '1 millisecond') WHERE id = $1`,
        [mail.id, attempts, text, delay],
      );
      this.logger.warn(
        { messageId: mail.message_id, template: mail.template_code, attempts, delayMs: delay, error: text },
        'mail not delivered; will retry',
      );
      return 'retry';
    }
  }

  /**
   * One delivery attempt as a span of the trace of the event that stored the mail (`trace_parent`); without one
   * (not tracing, or a mail stored before tracing) it runs without a span.
   */
  private async traced(mail: DueMail, attempts: number, send: () => Promise<void>): Promise<void> {
    if (!mail.trace_parent) return send();
    const parent = traceContextFrom(mail.trace_parent);
    const span = tracer('notifications').startSpan(
      `send mail ${mail.template_code}`,
      {
        kind: SpanKind.CLIENT,
        attributes: { 'jlis.mail.template': mail.template_code, 'jlis.mail.attempt': attempts },
      },
      parent,
    );
    try {
      await traceContext.with(trace.setSpan(parent, span), send);
      endSpan(span);
    } catch (error) {
      endSpan(span, error);
      throw error;
    }
  }

  private async send(mail: DueMail, m: EntityManager): Promise<void> {
    const attachments: { filename: string; content_type: string; content: Buffer }[] = await m.query(
      `SELECT filename, content_type, content FROM mail_attachment WHERE message_id = $1 ORDER BY position`,
      [mail.id],
    );
    const info = await this.transport!.sendMail({
      from: mail.mail_from,
      to: mail.mail_to,
      cc: mail.mail_cc.length ? mail.mail_cc : undefined,
      replyTo: mail.reply_to ?? undefined,
      subject: mail.subject,
      text: mail.body,
      // Japanese text: UTF-8 in base64, which every Japanese mail client decodes; headers become RFC 2047 encoded-words.
      textEncoding: 'base64',
      messageId: mail.message_id,
      date: new Date(mail.created_at),
      attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.content_type, content: a.content })),
      headers: {
        'X-JPKI-Template': `${mail.template_code}@${mail.template_version}`,
        'X-JPKI-Event-Id': mail.event_id,
      },
    });
    if (!this.config.SMTP_URL) {
      await mkdir(this.outDir, { recursive: true });
      // Written beside and renamed into place, so whoever picks .eml files up never reads half of one.
      const file = join(this.outDir, `${mail.event_id}.${mail.template_code}.eml`);
      await writeFile(`${file}.partial`, (info as { message: Buffer }).message);
      await rename(`${file}.partial`, file);
    }
  }
}

/**
 * SMTP_URL with our transport defaults as query options (nodemailer reads options from the URL's query and ignores
 * a second options object when given a URL): pooled connections (one per sender loop) reused between mails, bounded timeouts. Options
 * already in SMTP_URL win, so an operator can change them there (e.g. `?pool=false`).
 */
export function smtpUrlWithDefaults(smtpUrl: string, connections = 1): string {
  const url = new URL(smtpUrl);
  const defaults = {
    pool: 'true',
    maxConnections: String(connections),
    connectionTimeout: '10000',
    greetingTimeout: '10000',
    socketTimeout: '30000',
  };
  for (const [key, value] of Object.entries(defaults)) if (!url.searchParams.has(key)) url.searchParams.set(key, value);
  return url.toString();
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const e = error as Error & { responseCode?: number; code?: string };
    return [e.code, e.responseCode, e.message]
      .filter((x) => x !== undefined && x !== '')
      .join(' ')
      .slice(0, 2000);
  }
  return String(error).slice(0, 2000);
}

/** A 5xx answer from the SMTP server (mailbox unknown, message refused) will not change on a retry. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
