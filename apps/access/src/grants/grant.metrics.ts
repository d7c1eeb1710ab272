import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AccessEnvironment, GrantStatus } from '@jlis/contracts';
import { Clock, Metrics } from '@jlis/runtime';
import type { DataSource } from 'typeorm';
import { ActionFact, GrantFact, GrantTimeline } from './grant-state';

const ENVIRONMENTS: readonly AccessEnvironment[] = ['test', 'production'];
const STATES: readonly GrantStatus[] = ['scheduled', 'active', 'suspended', 'superseded', 'revoked'];

/**
 * `jlis_access_grants{environment, state}`: grants by environment and their state today in Japan, read from access's
 * own tables when Prometheus scrapes. A state is not stored (it follows from the facts and the day, GrantTimeline),
 * so the scrape reads the facts alone — dates, successor and the operator actions, no allowlists — and counts; a
 * few thousand grants at most. Every pair is set, zeros included.
 */
@Injectable()
export class GrantMetrics implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Metrics) private readonly metrics: Metrics,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.metrics.onScrape(() => this.collect());
  }

  async collect(): Promise<void> {
    const grants: (GrantFact & { environment: AccessEnvironment })[] = await this.dataSource.query(
      `SELECT id, environment, created_on::text AS "createdOn", effective_on::text AS "effectiveOn", supersedes
         FROM access_grant`,
    );
    const actions: ActionFact[] = await this.dataSource.query(
      `SELECT grant_id AS "grantId", kind, on_date::text AS "onDate", seq::int AS seq
         FROM grant_log WHERE kind IN ('suspended', 'revoked', 'reinstated')`,
    );
    const timeline = new GrantTimeline(grants, actions);
    const today = this.clock.todayInJapan();
    const counts = new Map<string, number>();
    for (const g of grants) {
      const state = timeline.stateOn(g.id, today);
      if (state) counts.set(`${g.environment}|${state}`, (counts.get(`${g.environment}|${state}`) ?? 0) + 1);
    }
    for (const environment of ENVIRONMENTS)
      for (const state of STATES)
        this.metrics.accessGrants.set({ environment, state }, counts.get(`${environment}|${state}`) ?? 0);
  }
}
