import { Injectable } from '@nestjs/common';
import { CardsEvents } from '@jlis/contracts';
import { Outbox } from '@jlis/runtime';
import { EntityManager } from 'typeorm';

/**
 * How many lent units a case still holds (shipped, with the applicant or with the contractor) — R10: access
 * holds production access while it is above zero. HoldingsChanged is written whenever the count changes.
 */
@Injectable()
export class Holdings {
  constructor(private readonly outbox: Outbox) {}

  async recount(m: EntityManager, applicationId: string): Promise<number> {
    // Lock the case's row first, so that concurrent changes of one case count one after the other.
    await m.query(
      `INSERT INTO card_holdings (application_id, units_out, version) VALUES ($1, 0, 0) ON CONFLICT DO NOTHING`,
      [applicationId],
    );
    const [held]: { units_out: number; version: number }[] = await m.query(
      `SELECT units_out, version FROM card_holdings WHERE application_id = $1 FOR UPDATE`,
      [applicationId],
    );
    const [{ n }]: { n: number }[] = await m.query(
      `SELECT count(*)::int AS n FROM card_loan_unit u JOIN card_loan c ON c.id = u.loan_id
        WHERE c.application_id = $1 AND c.state = 'shipped' AND u.outcome = 'out'`,
      [applicationId],
    );
    if (n === held.units_out && held.version > 0) return n;
    const version = held.version + 1;
    await m.query(`UPDATE card_holdings SET units_out = $2, version = $3 WHERE application_id = $1`, [
      applicationId,
      n,
      version,
    ]);
    await this.outbox.add(m, {
      type: CardsEvents.HoldingsChanged,
      aggregateId: applicationId,
      aggregateVersion: version,
      applicationId,
      payload: { applicationId, unitsOut: n },
    });
    return n;
  }
}
