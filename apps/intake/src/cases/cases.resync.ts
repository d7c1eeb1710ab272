import { Injectable, OnModuleInit } from '@nestjs/common';
import { ApplicationEventPayload, IntakeEvents } from '@jlis/contracts';
import { ResyncService } from '@jlis/runtime';
import { ApplicationRow } from './case-row';
import { CaseStore } from './case-store';

/** Every case's current snapshot, for a resync: every other service keeps a projection of the cases (CaseProjection). */
@Injectable()
export class CasesResync implements OnModuleInit {
  constructor(
    private readonly resync: ResyncService,
    private readonly store: CaseStore,
  ) {}

  onModuleInit(): void {
    this.resync.source('cases', async (m) => {
      const rows: ApplicationRow[] = await m.query(`SELECT * FROM application ORDER BY requested_at, id`);
      const events = [];
      for (const row of rows) {
        events.push({
          type: IntakeEvents.ApplicationUpdated,
          aggregateId: row.id,
          aggregateVersion: row.version,
          applicationId: row.id,
          payload: { application: await this.store.snapshot(m, row) } satisfies ApplicationEventPayload,
        });
      }
      return events;
    });
  }
}
