import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CardsEvents, CardUnitList, CardUnitRegister, CardUnitView, pageWindow, StockView } from '@jlis/contracts';
import { DomainError, Outbox, withIdempotency } from '@jlis/runtime';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { requireKinds } from '../kinds/kinds.service';
import { Allocator } from '../loans/allocator';

interface UnitRow {
  serial: string;
  kind: string;
  state: CardUnitView['state'];
  loan_id: string | null;
  application_id: string | null;
  registered_at: Date;
}

const UNIT_SELECT = `SELECT u.serial, u.kind, u.state, u.loan_id, c.application_id, u.registered_at
  FROM card_unit u LEFT JOIN card_loan c ON c.id = u.loan_id`;

const toView = (r: UnitRow): CardUnitView => ({
  serial: r.serial,
  kind: r.kind,
  state: r.state,
  loanId: r.loan_id,
  applicationId: r.application_id,
  registeredAt: new Date(r.registered_at).toISOString(),
});

/** Card units: registration into stock (all or nothing), lists, one unit with its history, stock per kind. */
@Injectable()
export class UnitsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly allocator: Allocator,
  ) {}

  async register(req: CardUnitRegister.Request): Promise<CardUnitRegister.Response> {
    const { kind, serials } = req.body;
    const repeated = serials.filter((s, i) => serials.indexOf(s) !== i);
    if (repeated.length) {
      throw new DomainError(
        'CARD_SERIAL_DUPLICATE',
        `The request lists these serials more than once: ${[...new Set(repeated)].join(', ')}. Nothing was registered.`,
        {
          serials: [...new Set(repeated)],
        },
      );
    }
    const actor = `${req.caller.role}:${req.caller.sub}`;
    return this.ds.transaction(
      async (m) =>
        (
          await withIdempotency(m, req.caller, req.idempotencyKey, req.body, async () => {
            await requireKinds(m, [kind], { field: 'kind' });
            const inserted: { serial: string }[] = await m.query(
              `INSERT INTO card_unit (serial, kind, state) SELECT s, $2, 'in-stock' FROM unnest($1::text[]) WITH ORDINALITY AS t(s, i) ORDER BY i
             ON CONFLICT (serial) DO NOTHING RETURNING serial`,
              [serials, kind],
            );
            if (inserted.length !== serials.length) {
              const known = serials.filter((s) => !inserted.some((r) => r.serial === s));
              // Throwing rolls back the units inserted above: all or nothing.
              throw new DomainError(
                'CARD_SERIAL_DUPLICATE',
                `Already registered: ${known.join(', ')}. Nothing was registered.`,
                { serials: known },
              );
            }
            await m.query(
              `INSERT INTO card_unit_history (serial, state, actor, note) SELECT s, 'in-stock', $2, '在庫に登録 / registered' FROM unnest($1::text[]) AS s`,
              [serials, actor],
            );
            // Each registration is its own aggregate (a batch), so its one event is version 1.
            await this.outbox.add(m, {
              type: CardsEvents.UnitsRegistered,
              aggregateId: randomUUID(),
              aggregateVersion: 1,
              payload: { kind, serials },
            });
            await this.allocator.fillWaiting(m, actor, [kind]);
            const rows: UnitRow[] = await m.query(`${UNIT_SELECT} WHERE u.serial = ANY($1) ORDER BY u.registered_seq`, [
              serials,
            ]);
            return { kind, registered: serials.length, items: rows.map(toView) };
          })
        ).response,
    );
  }

  async list(req: CardUnitList.Request): Promise<CardUnitList.Response> {
    const { skip, take, page, limit } = pageWindow(req);
    const where: string[] = [];
    const params: unknown[] = [];
    if (req.kind) where.push(`u.kind = $${params.push(req.kind)}`);
    if (req.state) where.push(`u.state = $${params.push(req.state)}`);
    if (req.applicationId) where.push(`c.application_id = $${params.push(req.applicationId)}`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.ds.query(
      `SELECT count(*)::int AS total FROM card_unit u LEFT JOIN card_loan c ON c.id = u.loan_id ${filter}`,
      params,
    );
    const rows: UnitRow[] = await this.ds.query(
      `${UNIT_SELECT} ${filter} ORDER BY u.registered_seq OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
      [...params, skip, take],
    );
    return { items: rows.map(toView), total, page, limit };
  }

  async get(req: CardUnitList.GetRequest): Promise<CardUnitView> {
    const [row]: UnitRow[] = await this.ds.query(`${UNIT_SELECT} WHERE u.serial = $1`, [req.serial]);
    if (!row) throw DomainError.notFound('Card unit', req.serial);
    const history: {
      state: CardUnitView['state'];
      at: Date;
      loan_id: string | null;
      actor: string;
      note: string | null;
    }[] = await this.ds.query(
      `SELECT state, at, loan_id, actor, note FROM card_unit_history WHERE serial = $1 ORDER BY id`,
      [req.serial],
    );
    return {
      ...toView(row),
      history: history.map((h) => ({
        state: h.state,
        at: new Date(h.at).toISOString(),
        loanId: h.loan_id,
        actor: h.actor,
        note: h.note,
      })),
    };
  }

  async stock(): Promise<CardUnitList.StockResponse> {
    const items = await stockPerKind(this.ds.manager);
    return { items, total: items.length };
  }
}

/** Stock per kind: in stock, allocated, out, lost, retired, and the demand waiting loans still have. */
export async function stockPerKind(m: EntityManager): Promise<StockView[]> {
  const rows: (Omit<StockView, 'low'> & { active: boolean })[] = await m.query(`
    SELECT k.code AS kind, k.name, k.active, k.low_stock_threshold AS "lowStockThreshold",
      count(u.serial) FILTER (WHERE u.state = 'in-stock')::int AS "inStock",
      count(u.serial) FILTER (WHERE u.state = 'allocated')::int AS allocated,
      count(u.serial) FILTER (WHERE u.state IN ('shipped','with-applicant','with-contractor'))::int AS out,
      count(u.serial) FILTER (WHERE u.state = 'lost')::int AS lost,
      count(u.serial) FILTER (WHERE u.state = 'retired')::int AS retired,
      count(u.serial)::int AS total,
      COALESCE((SELECT sum(l.quantity - l.allocated) FROM card_loan_line l JOIN card_loan c ON c.id = l.loan_id
                 WHERE l.kind = k.code AND c.state = 'waiting'), 0)::int AS "waitingDemand"
    FROM card_kind k LEFT JOIN card_unit u ON u.kind = k.code
    GROUP BY k.code ORDER BY k.code`);
  return rows.map(({ active: _active, ...r }) => ({ ...r, low: r.inStock < r.lowStockThreshold }));
}
