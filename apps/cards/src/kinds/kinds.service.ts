import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CardKindDefine, CardKindList, CardKindView, CardsEvents, pageWindow } from '@jlis/contracts';
import { DomainError, Outbox, withIdempotency } from '@jlis/runtime';
import { DataSource, EntityManager } from 'typeorm';
import { updateReturning } from '../sql';

interface KindRow {
  code: string;
  name: string;
  applications: string[];
  active: boolean;
  low_stock_threshold: number;
  version: number;
}

const toView = (r: KindRow): CardKindView => ({
  code: r.code,
  name: r.name,
  applications: r.applications,
  active: r.active,
  lowStockThreshold: r.low_stock_threshold,
  version: r.version,
});

/** Refuses kinds not in the catalogue (or inactive, for new loans) naming them; nothing changes. */
export async function requireKinds(
  m: EntityManager,
  kinds: string[],
  opts: { activeOnly?: boolean; field: string },
): Promise<void> {
  const rows: { code: string; active: boolean }[] = await m.query(
    `SELECT code, active FROM card_kind WHERE code = ANY($1)`,
    [kinds],
  );
  checkKinds(rows, kinds, opts);
}

/** requireKinds over rows already read (`code`, `active` of the named kinds). */
export function checkKinds(
  rows: { code: string; active: boolean }[],
  kinds: string[],
  opts: { activeOnly?: boolean; field: string },
): void {
  const unknown = kinds.filter((k) => !rows.some((r) => r.code === k && (r.active || !opts.activeOnly)));
  if (unknown.length) {
    throw new DomainError(
      'CARD_KIND_UNKNOWN',
      `Unknown or inactive card kind: ${unknown.join(', ')}. See GET /api/v1/card-kinds for the catalogue.`,
      { field: opts.field, kinds: unknown },
    );
  }
}

/** The card-kind catalogue: defaults from the first migration, edited by operators, each change published. */
@Injectable()
export class KindsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async list(req: CardKindList.Request): Promise<CardKindList.Response> {
    const { skip, take, page, limit } = pageWindow(req);
    const [{ total }]: { total: number }[] = await this.ds.query(`SELECT count(*)::int AS total FROM card_kind`);
    const rows: KindRow[] = await this.ds.query(`SELECT * FROM card_kind ORDER BY code OFFSET $1 LIMIT $2`, [
      skip,
      take,
    ]);
    return { items: rows.map(toView), total, page, limit };
  }

  async define(req: CardKindDefine.Request): Promise<CardKindView> {
    const b = req.body;
    return this.ds.transaction(
      async (m) =>
        (
          await withIdempotency(m, req.caller, req.idempotencyKey, b, async () => {
            const rows: KindRow[] = await m.query(
              `INSERT INTO card_kind (code, name, applications, active, low_stock_threshold) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (code) DO NOTHING RETURNING *`,
              [b.code, b.name, JSON.stringify(b.applications), b.active ?? true, b.lowStockThreshold ?? 2],
            );
            if (rows.length === 0) {
              throw new DomainError(
                'CARD_KIND_EXISTS',
                `Card kind ${b.code} already exists; change it with PUT /api/v1/card-kinds/${b.code}.`,
                { kind: b.code },
              );
            }
            return this.publish(m, rows[0], `${req.caller.role}:${req.caller.sub}`);
          })
        ).response,
    );
  }

  async update(req: CardKindDefine.UpdateRequest): Promise<CardKindView> {
    const b = req.body;
    return this.ds.transaction(async (m) => {
      const rows = await updateReturning<KindRow>(
        m,
        `UPDATE card_kind SET name = $2, applications = $3, active = COALESCE($4, active), low_stock_threshold = COALESCE($5, low_stock_threshold),
                version = version + 1, updated_at = now() WHERE code = $1 RETURNING *`,
        [req.code, b.name, JSON.stringify(b.applications), b.active ?? null, b.lowStockThreshold ?? null],
      );
      if (rows.length === 0) throw DomainError.notFound('Card kind', req.code);
      return this.publish(m, rows[0], `${req.caller.role}:${req.caller.sub}`);
    });
  }

  private async publish(m: EntityManager, row: KindRow, actor: string): Promise<CardKindView> {
    await m.query(
      `INSERT INTO card_kind_history (code, version, name, applications, active, low_stock_threshold, actor) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.code, row.version, row.name, JSON.stringify(row.applications), row.active, row.low_stock_threshold, actor],
    );
    await this.outbox.add(m, {
      type: CardsEvents.CardKindDefined,
      aggregateId: row.code,
      aggregateVersion: row.version,
      payload: { code: row.code, name: row.name, applications: row.applications, active: row.active },
    });
    return toView(row);
  }
}
