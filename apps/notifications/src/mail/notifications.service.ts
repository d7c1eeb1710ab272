import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotificationList, NotificationView, pageWindow } from '@jlis/contracts';
import { CaseProjection, DomainError } from '@jlis/runtime';
import type { DataSource } from 'typeorm';

interface MailRow {
  id: string;
  event_id: string;
  event_type: string;
  application_id: string | null;
  template_code: string;
  template_version: number;
  message_id: string;
  mail_from: string;
  mail_to: string[];
  mail_cc: string[];
  reply_to: string | null;
  subject: string;
  body: string;
  status: NotificationView['status'];
  attempts: number;
  last_error: string | null;
  created_at: Date;
  next_attempt_at: Date;
  sent_at: Date | null;
  total: number;
}

/** The stored mail, as operators and applicants may see it. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CaseProjection) private readonly cases: CaseProjection,
  ) {}

  async list(req: NotificationList.Request): Promise<NotificationList.Response> {
    const { caller } = req;
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (caller.role === 'applicant') {
      // An applicant sees the mail of its organisation's cases; naming another organisation's case is a 404.
      if (req.applicationId) await this.cases.requireVisible(caller, req.applicationId);
      add('organization_code = ?', caller.org ?? '');
    } else if (caller.role !== 'operator') {
      throw new DomainError(
        'FORBIDDEN',
        'Mail records are for operators and applicants; contractors receive their mail by e-mail.',
      );
    }
    if (req.applicationId) add('application_id = ?', req.applicationId);
    if (req.status) add('status = ?', req.status);
    const { skip, take, page, limit } = pageWindow(req);
    params.push(take, skip);
    const rows: MailRow[] = await this.dataSource.query(
      `SELECT *, count(*) OVER ()::int AS total FROM mail_message
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    let total = rows[0]?.total;
    if (total === undefined) {
      const [{ n }]: { n: number }[] = await this.dataSource.query(
        `SELECT count(*)::int AS n FROM mail_message ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
        params.slice(0, -2),
      );
      total = n;
    }
    return { items: rows.map(toView), total, page, limit };
  }
}

function toView(r: MailRow): NotificationView {
  return {
    id: r.id,
    eventId: r.event_id,
    eventType: r.event_type,
    applicationId: r.application_id,
    templateCode: r.template_code,
    templateVersion: r.template_version,
    messageId: r.message_id,
    from: r.mail_from,
    to: r.mail_to,
    cc: r.mail_cc,
    replyTo: r.reply_to,
    subject: r.subject,
    body: r.body,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: new Date(r.created_at).toISOString(),
    nextAttemptAt: r.status === 'pending' ? new Date(r.next_attempt_at).toISOString() : null,
    sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
  };
}
