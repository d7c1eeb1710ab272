import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CARD_UNIT_STATES } from '@jlis/contracts';
import { Metrics } from '@jlis/runtime';
import type { DataSource } from 'typeorm';

/**
 * `jlis_card_units{kind, state}`: the card stock, read from cards' own tables when Prometheus scrapes (one grouped
 * count over the units, a few thousand rows at most). Every state of every kind is set, zeros included, so a stock
 * that runs out shows as 0 rather than as a series that stops.
 */
@Injectable()
export class CardStockMetrics implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.metrics.onScrape(async () => {
      const rows: { kind: string; state: string; units: number }[] = await this.dataSource.query(
        `SELECT k.code AS kind, s.state, count(u.serial)::int AS units
           FROM card_kind k CROSS JOIN unnest($1::text[]) AS s(state)
           LEFT JOIN card_unit u ON u.kind = k.code AND u.state = s.state
          GROUP BY k.code, s.state`,
        [CARD_UNIT_STATES],
      );
      this.metrics.cardUnits.reset();
      for (const r of rows) this.metrics.cardUnits.set({ kind: r.kind, state: r.state }, r.units);
    });
  }
}
