import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { describeError, LOGGER, Logger, RequestContext, ScheduledJob, Scheduler } from '@jlis/runtime';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AccessConfig } from '../access.config';
import { APPROVAL_DOCUMENTS_CHANNEL, ApprovalDocumentsService } from './approval-documents.service';

export const APPROVAL_DOCUMENTS_JOB = 'access-approval-documents';

interface DueRow {
  grant_id: string;
  correlation_id: string;
  decided_at: Date;
  attempts: number;
}

/**
 * Renders the approved A-11-2 of every due grant (approval_document_due, written by the consumer), one transaction per
 * document: claim the row, render, store, add `access.approval-document.issued` to the outbox, delete the row. Woken
 * by the consumer's NOTIFY on commit; the scheduler's tick (one instance at a time, by advisory lock) is the safety
 * net for a notification missed while the LISTEN connection was down or another instance held the lock.
 */
@Injectable()
export class ApprovalDocumentsJob extends ScheduledJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static intervalMs = 30_000;
  protected readonly name = APPROVAL_DOCUMENTS_JOB;
  protected readonly intervalMs = ApprovalDocumentsJob.intervalMs;
  private listener?: Client;
  private running = false;
  /** Notifications heard since the last run started: a run that began before one is followed by another. */
  private pokes = 0;
  private draining?: Promise<void>;

  constructor(
    scheduler: Scheduler,
    private readonly documents: ApprovalDocumentsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AccessConfig) private readonly config: AccessConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super(scheduler);
  }

  onApplicationBootstrap(): void {
    this.running = true;
    void this.listen();
    // Documents left due by a previous run (stopped, crashed) are rendered now rather than at the first tick.
    this.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.draining?.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
  }

  /** Renders what is due until nothing is; a NOTIFY during a run makes it look again, so none is left waiting. */
  private wake(): void {
    this.pokes += 1;
    if (this.draining || !this.running) return;
    this.draining = (async () => {
      try {
        let seen = -1;
        while (this.running && seen !== this.pokes) {
          seen = this.pokes;
          // Another instance holds the lock: it renders what is due (and the tick is the net for the rest).
          if (!(await this.tick())) return;
        }
      } catch (error) {
        this.logger.warn({ err: error }, 'approval documents: run failed; the next tick retries');
      } finally {
        this.draining = undefined;
      }
    })();
  }

  protected async run(): Promise<void> {
    while (this.running && (await this.renderNext())) {
      /* one document per transaction */
    }
  }

  /** Claims one due document and issues it; returns whether there was one. Exposed for tests. */
  async renderNext(): Promise<boolean> {
    let claimed: DueRow | undefined;
    try {
      return await this.dataSource.transaction(async (m) => {
        const rows: DueRow[] = await m.query(
          `SELECT grant_id, correlation_id, decided_at, attempts FROM approval_document_due
           WHERE due_at <= now() ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        );
        claimed = rows[0];
        if (!claimed) return false;
        const due = claimed;
        // The issued event continues the decision's correlation, as it did when the consumer rendered it.
        await RequestContext.run({ requestId: due.correlation_id }, () =>
          this.documents.issue(m, due.grant_id, due.decided_at.toISOString()),
        );
        await m.query(`DELETE FROM approval_document_due WHERE grant_id = $1`, [due.grant_id]);
        return true;
      });
    } catch (error) {
      if (!claimed) throw error;
      // One document that cannot be rendered must not stop the others: it is put back with a growing delay.
      const attempts = claimed.attempts + 1;
      this.logger.error({ err: error, grantId: claimed.grant_id, attempts }, 'approval document: cannot render');
      await this.dataSource.query(
        `UPDATE approval_document_due SET attempts = $2, last_error = $3,
           due_at = now() + make_interval(secs => least(600, 5 * 2 ^ $2)) WHERE grant_id = $1`,
        [claimed.grant_id, attempts, describeError(error)],
      );
      return true;
    }
  }

  private async listen(): Promise<void> {
    if (!this.running) return;
    const client = new Client({ connectionString: this.config.databaseUrl('access') });
    const retry = () => {
      this.listener = undefined;
      if (this.running) setTimeout(() => void this.listen(), 1000);
    };
    client.on('error', () => {
      void client.end().catch(() => undefined);
      retry();
    });
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query(`LISTEN ${APPROVAL_DOCUMENTS_CHANNEL}`);
      if (!this.running) await client.end();
      else this.listener = client;
      // Anything that became due while nobody listened.
      this.wake();
    } catch (error) {
      this.logger.warn({ err: error }, 'approval documents: cannot LISTEN yet; the tick covers it');
      await client.end().catch(() => undefined);
      retry();
    }
  }
}
