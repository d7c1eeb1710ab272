import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DocumentsEvents } from '@jlis/contracts';
import { addDays, businessDaysAfter, Clock, Outbox, reminderOrdinal, ScheduledJob, Scheduler } from '@jlis/runtime';
import { DataSource } from 'typeorm';
import { DocumentsConfig } from '../documents.config';

export const REVIEW_REMINDERS_JOB = 'documents-review-reminders';

/**
 * A submission waiting for J-LIS's review longer than REVIEW_SLA_BUSINESS_DAYS (business days in Japan after the day
 * it arrived) reminds the J-LIS mailbox, then again each further period while it still waits. Each reminder is a row
 * keyed (submission, ordinal) written with its event, so a second instance or a second tick sends nothing twice.
 */
@Injectable()
export class ReviewRemindersJob extends ScheduledJob {
  protected readonly name = REVIEW_REMINDERS_JOB;
  protected readonly intervalMs: number;

  constructor(
    scheduler: Scheduler,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(DocumentsConfig) private readonly config: DocumentsConfig,
  ) {
    super(scheduler);
    this.intervalMs = config.REMINDER_CHECK_INTERVAL_MS;
  }

  protected async run(): Promise<void> {
    const today = this.clock.todayInJapan();
    const sla = this.config.REVIEW_SLA_BUSINESS_DAYS;
    // More business days than the SLA need at least as many calendar days: the cut keeps the scan to old submissions.
    const waiting: {
      id: string;
      application_id: string;
      form_code: string;
      series: number;
      round: number;
      submitted_on: string;
    }[] = await this.ds.query(
      `SELECT s.id, s.application_id, s.form_code, s.series, s.round,
              to_char(s.submitted_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD') AS submitted_on
         FROM submission s
         LEFT JOIN case_snapshot c ON c.application_id = s.application_id
        WHERE NOT EXISTS (SELECT 1 FROM submission_review r WHERE r.submission_id = s.id)
          AND (s.submitted_at AT TIME ZONE 'Asia/Tokyo')::date < $1::date
          AND coalesce(c.snapshot->>'status', '') NOT IN ('rejected', 'withdrawn', 'revoked')`,
      [addDays(today, -sla)],
    );
    for (const s of waiting) {
      const days = businessDaysAfter(s.submitted_on, today);
      const ordinal = reminderOrdinal(days, sla);
      if (ordinal === null) continue;
      await this.ds.transaction(async (m) => {
        const fresh: unknown[] = await m.query(
          `INSERT INTO submission_review_reminder (submission_id, ordinal, business_days_waiting, reminded_on, reminded_at)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING submission_id`,
          [s.id, ordinal, days, today, this.clock.now()],
        );
        if (fresh.length === 0) return;
        await this.outbox.add(m, {
          type: DocumentsEvents.SubmissionReviewOverdue,
          aggregateId: s.id,
          // The submission itself is unchanged (received = 1, reviewed = 2): a reminder counts on from 10.
          aggregateVersion: 10 + ordinal,
          applicationId: s.application_id,
          actor: { sub: 'system', role: 'system' },
          payload: {
            submissionId: s.id,
            applicationId: s.application_id,
            form: s.form_code,
            series: s.series,
            round: s.round,
            submittedOn: s.submitted_on,
            businessDaysWaiting: days,
            slaBusinessDays: sla,
            ordinal,
          },
        });
      });
    }
  }
}
