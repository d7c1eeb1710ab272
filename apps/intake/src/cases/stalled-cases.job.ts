import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseStepView, EventEnvelope, IntakeReminderEvents, VerifierKind } from '@jlis/contracts';
import { addDays, businessDaysAfter, Clock, Outbox, reminderOrdinal, ScheduledJob, Scheduler } from '@jlis/runtime';
import { DataSource } from 'typeorm';
import { IntakeConfig } from '../intake.config';
import { CaseProjector } from './case-projector';
import { nextActions } from './case-steps';

export const STALLED_CASES_JOB = 'intake-stalled-cases';

/**
 * A qualified case whose open steps all wait on the applicant, with no step by a person (applicant or J-LIS) for more
 * than STALLED_BUSINESS_DAYS business days in Japan, reminds its contacts of what it is asked to do; then again each
 * further period while nothing moves. Reminders and other system events do not count as a step, so a reminder does
 * not restart the count. Each reminder is a row keyed (case, stall, ordinal) written with its event: sent once.
 */
@Injectable()
export class StalledCasesJob extends ScheduledJob {
  protected readonly name = STALLED_CASES_JOB;
  protected readonly intervalMs: number;

  constructor(
    scheduler: Scheduler,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly projector: CaseProjector,
    @Inject(IntakeConfig) private readonly config: IntakeConfig,
  ) {
    super(scheduler);
    this.intervalMs = config.REMINDER_CHECK_INTERVAL_MS;
  }

  protected async run(): Promise<void> {
    const today = this.clock.todayInJapan();
    const allowance = this.config.STALLED_BUSINESS_DAYS;
    const stalled: {
      id: string;
      steps: CaseStepView[];
      verifier_kinds: VerifierKind[];
      since: Date;
      since_on: string;
    }[] = await this.ds.query(
      `SELECT a.id, a.steps, a.verifier_kinds, l.since, to_char(l.since AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD') AS since_on
         FROM application a,
              LATERAL (SELECT coalesce(max(t.occurred_at), a.requested_at) AS since FROM case_timeline t
                        WHERE t.application_id = a.id AND t.actor_role <> 'system') l
        WHERE a.status = 'qualified' AND a.waiting_for = ARRAY['applicant']::text[]
          AND (l.since AT TIME ZONE 'Asia/Tokyo')::date < $1::date`,
      [addDays(today, -allowance)],
    );
    for (const c of stalled) {
      const days = businessDaysAfter(c.since_on, today);
      const ordinal = reminderOrdinal(days, allowance);
      if (ordinal === null) continue;
      await this.ds.transaction(async (m) => {
        const fresh: unknown[] = await m.query(
          `INSERT INTO stall_reminder (application_id, since, ordinal, business_days_stalled, reminded_on)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING application_id`,
          [c.id, c.since, ordinal, days, today],
        );
        if (fresh.length === 0) return;
        const envelope = await this.outbox.add(m, {
          type: IntakeReminderEvents.CaseStalled,
          aggregateId: c.id,
          // A reminder changes nothing in the case (its version stays); it is one of the case's events by its id only.
          aggregateVersion: 0,
          applicationId: c.id,
          actor: { sub: 'system', role: 'system' },
          payload: {
            applicationId: c.id,
            lastActivityOn: c.since_on,
            businessDaysStalled: days,
            stalledBusinessDays: allowance,
            actions: nextActions(c.steps, c.verifier_kinds)
              .filter((a) => a.actor === 'applicant')
              .map((a) => ({ step: a.step, action: a.action })),
            ordinal,
          },
        });
        // The case's timeline shows the reminder at once, as it shows intake's other events.
        await this.projector.project(m, envelope as unknown as EventEnvelope);
      });
    }
  }
}
