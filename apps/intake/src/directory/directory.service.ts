import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LocalGovernmentAmend, LocalGovernmentSearch, LocalGovernmentView, pageWindow } from '@jlis/contracts';
import { DomainError, withIdempotency } from '@jlis/runtime';
import { DataSource, EntityManager } from 'typeorm';

interface LocalGovernmentRow {
  code: string;
  prefecture: string;
  name: string;
  name_kana: string;
  kind: LocalGovernmentView['kind'];
  active: boolean;
  version: number;
  updated_at: Date;
}

const toView = (r: LocalGovernmentRow): LocalGovernmentView => ({
  code: r.code,
  prefecture: r.prefecture,
  name: r.name,
  nameKana: r.name_kana,
  kind: r.kind,
  active: r.active,
  version: r.version,
  updatedAt: r.updated_at.toISOString(),
});

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The directory of local governments (全国地方公共団体コード): search, operator amendments with history, and the A-1 check. */
@Injectable()
export class DirectoryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async search(req: LocalGovernmentSearch.Request): Promise<LocalGovernmentSearch.Response> {
    const { skip, take, page, limit } = pageWindow(req.query);
    const where: string[] = [];
    const params: unknown[] = [];
    const q = req.query.q?.trim();
    if (q) {
      if (/^\d+$/.test(q)) {
        params.push(`${q}%`);
        where.push(`code LIKE $${params.length}`);
      } else {
        params.push(`%${likeEscape(q)}%`);
        where.push(
          `(name ILIKE $${params.length} OR name_kana ILIKE $${params.length} OR prefecture ILIKE $${params.length})`,
        );
      }
    }
    if (req.query.kind) {
      params.push(req.query.kind);
      where.push(`kind = $${params.length}`);
    }
    if (!req.query.includeInactive) where.push('active');
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM local_government ${clause}`,
      params,
    );
    const rows: LocalGovernmentRow[] = await this.dataSource.query(
      `SELECT * FROM local_government ${clause} ORDER BY code LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, take, skip],
    );
    return { items: rows.map(toView), total, page, limit };
  }

  /** Adds or amends a row: the current row is replaced and the new version appended to the history. */
  async amend(req: LocalGovernmentAmend.Request): Promise<LocalGovernmentAmend.Response> {
    const { caller, body } = req;
    if (caller.role !== 'operator')
      throw new DomainError('FORBIDDEN', 'Only J-LIS operators amend the directory of local governments.');
    return this.dataSource.transaction(async (m) => {
      const { response } = await withIdempotency(m, caller, req.idempotencyKey, body, async () => {
        const [row]: LocalGovernmentRow[] = await m.query(
          `INSERT INTO local_government (code, prefecture, name, name_kana, kind, active, version, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, 1, now())
           ON CONFLICT (code) DO UPDATE SET prefecture = EXCLUDED.prefecture, name = EXCLUDED.name, name_kana = EXCLUDED.name_kana,
             kind = EXCLUDED.kind, active = EXCLUDED.active, version = local_government.version + 1, updated_at = now()
           RETURNING *`,
          [body.code, body.prefecture, body.name, body.nameKana, body.kind, body.active ?? true],
        );
        await m.query(
          `INSERT INTO local_government_history (code, version, prefecture, name, name_kana, kind, active, reason, recorded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            row.code,
            row.version,
            row.prefecture,
            row.name,
            row.name_kana,
            row.kind,
            row.active,
            body.reason,
            caller.sub,
          ],
        );
        return toView(row);
      });
      return response;
    });
  }

  /**
   * The local government a case may be opened for: known, active, and a local public body (a designated
   * city's ward applies as its city). Errors name the field `organizationCode`.
   */
  async requireApplicable(m: EntityManager, code: string): Promise<LocalGovernmentView> {
    const [row]: LocalGovernmentRow[] = await m.query(`SELECT * FROM local_government WHERE code = $1`, [code]);
    const field = (message: string) => [{ field: 'organizationCode', message }];
    if (!row) {
      const message = `団体コード ${code} は地方公共団体の一覧にありません。コードを確認してください。 / Local government code ${code} is not in the directory; check the code (J-LIS can add a missing one).`;
      throw new DomainError('LOCAL_GOVERNMENT_UNKNOWN', message, { organizationCode: code }, field(message));
    }
    if (row.kind === 'ward') {
      const [city]: { code: string; name: string }[] = await m.query(
        `SELECT code, name FROM local_government
         WHERE kind = 'municipality' AND left(code, 2) = left($1, 2) AND $2 LIKE name || '%' AND code <> $1
         ORDER BY length(name) DESC LIMIT 1`,
        [code, row.name],
      );
      const asCity = city ? `${city.name}（${city.code}）として` : '市として';
      const message = `${row.name}（${code}）は政令指定都市の行政区のため単独では申請できません。${asCity}申請してください。 / ${code} is a ward of a designated city; apply as the city${city ? ` (${city.code})` : ''}.`;
      throw new DomainError(
        'LOCAL_GOVERNMENT_IS_WARD',
        message,
        { organizationCode: code, cityCode: city?.code ?? null },
        field(message),
      );
    }
    if (!row.active) {
      const message = `${row.name}（${code}）は廃止された団体コードです。現在の団体コードで申請してください。 / ${code} has been retired (e.g. merged); apply with the current code.`;
      throw new DomainError('LOCAL_GOVERNMENT_INACTIVE', message, { organizationCode: code }, field(message));
    }
    return toView(row);
  }
}
