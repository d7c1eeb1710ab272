import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AccessEvents,
  Caller,
  ContractorFind,
  ContractorGet,
  ContractorRegister,
  ContractorUpdate,
  ContractorView,
  pageWindow,
} from '@jlis/contracts';
import { Clock, DomainError, Outbox, withIdempotency } from '@jlis/runtime';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

interface ContractorRow {
  id: string;
  name: string;
  corporate_number: string;
  email: string;
  version: number;
  registered_at: Date;
}

export function contractorView(row: ContractorRow): ContractorView {
  return {
    id: row.id,
    name: row.name,
    corporateNumber: row.corporate_number,
    email: row.email,
    version: row.version,
    registeredAt: new Date(row.registered_at).toISOString(),
  };
}

/**
 * Who may see a contractor: operators, the contractor's own users, and applicants of an organisation
 * whose case names it. Anyone else gets NOT_FOUND (it does not exist for them).
 */
export async function canSeeContractor(m: EntityManager, caller: Caller, contractorId: string): Promise<boolean> {
  if (caller.role === 'operator') return true;
  if (caller.role === 'contractor') return caller.contractor === contractorId;
  if (!caller.org) return false;
  const rows: unknown[] = await m.query(
    `SELECT 1 FROM case_snapshot WHERE organization_code = $1 AND contractor_id = $2 LIMIT 1`,
    [caller.org, contractorId],
  );
  return rows.length > 0;
}

/** Who may change a contractor's data (connections included): operators and that contractor's users. */
export function canChangeContractor(caller: Caller, contractorId: string): boolean {
  return caller.role === 'operator' || (caller.role === 'contractor' && caller.contractor === contractorId);
}

@Injectable()
export class ContractorsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async register(req: ContractorRegister.Request): Promise<ContractorRegister.Response> {
    if (req.caller.role !== 'operator')
      throw new DomainError('FORBIDDEN', 'Only J-LIS operators register contractors.');
    return this.ds.transaction(async (m) => {
      const { response } = await withIdempotency(m, req.caller, req.idempotencyKey, req.body, async () => {
        const existing: ContractorRow[] = await m.query(`SELECT * FROM contractor WHERE corporate_number = $1`, [
          req.body.corporateNumber,
        ]);
        if (existing.length) {
          throw new DomainError(
            'CONTRACTOR_ALREADY_REGISTERED',
            `法人番号 ${req.body.corporateNumber} は登録済みです (${existing[0].name})。 / A contractor with corporate number ${req.body.corporateNumber} is already registered (${existing[0].name}); use it.`,
            { contractorId: existing[0].id },
          );
        }
        const id = randomUUID();
        const now = this.clock.now();
        const [row]: ContractorRow[] = await m.query(
          `INSERT INTO contractor (id, name, corporate_number, email, registered_at, registered_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
          [id, req.body.name.trim(), req.body.corporateNumber, req.body.email.trim(), now, req.caller.sub],
        );
        await m.query(
          `INSERT INTO contractor_revision (contractor_id, version, name, email, at, actor) VALUES ($1, 1, $2, $3, $4, $5)`,
          [id, row.name, row.email, now, req.caller.sub],
        );
        await this.publish(m, AccessEvents.ContractorRegistered, row);
        return contractorView(row);
      });
      return response;
    });
  }

  async find(req: ContractorFind.Request): Promise<ContractorFind.Response> {
    if (req.caller.role === 'contractor')
      throw new DomainError('FORBIDDEN', 'Contractor users read their own contractor at /contractors/{id}.');
    const { skip, take, page, limit } = pageWindow(req.query);
    if (!req.query.corporateNumber && req.caller.role !== 'operator') {
      throw DomainError.validation([
        {
          field: 'corporateNumber',
          message: 'corporateNumber is required: find a contractor by its 13-digit 法人番号',
        },
      ]);
    }
    const where = req.query.corporateNumber ? `WHERE corporate_number = $3` : '';
    const params: unknown[] = [take, skip, ...(req.query.corporateNumber ? [req.query.corporateNumber] : [])];
    const rows: ContractorRow[] = await this.ds.query(
      `SELECT * FROM contractor ${where} ORDER BY name, id LIMIT $1 OFFSET $2`,
      params,
    );
    const [{ total }]: { total: number }[] = await this.ds.query(
      `SELECT count(*)::int AS total FROM contractor ${req.query.corporateNumber ? 'WHERE corporate_number = $1' : ''}`,
      req.query.corporateNumber ? [req.query.corporateNumber] : [],
    );
    return { items: rows.map(contractorView), total, page, limit };
  }

  async get(req: ContractorGet.Request): Promise<ContractorGet.Response> {
    const rows: ContractorRow[] = await this.ds.query(`SELECT * FROM contractor WHERE id = $1`, [req.contractorId]);
    if (!rows.length || !(await canSeeContractor(this.ds.manager, req.caller, req.contractorId))) {
      throw DomainError.notFound('Contractor', req.contractorId);
    }
    return contractorView(rows[0]);
  }

  async update(req: ContractorUpdate.Request): Promise<ContractorUpdate.Response> {
    if (!canChangeContractor(req.caller, req.contractorId)) throw DomainError.notFound('Contractor', req.contractorId);
    if (req.body.name === undefined && req.body.email === undefined) {
      throw DomainError.validation([{ field: 'body', message: 'send name and/or email to change' }]);
    }
    return this.ds.transaction(async (m) => {
      const rows: ContractorRow[] = await m.query(`SELECT * FROM contractor WHERE id = $1 FOR UPDATE`, [
        req.contractorId,
      ]);
      if (!rows.length) throw DomainError.notFound('Contractor', req.contractorId);
      const now = this.clock.now();
      // TypeORM answers an UPDATE … RETURNING with [rows, affectedCount].
      const [[row]]: [ContractorRow[], number] = await m.query(
        `UPDATE contractor SET name = $2, email = $3, version = version + 1 WHERE id = $1 RETURNING *`,
        [req.contractorId, req.body.name?.trim() ?? rows[0].name, req.body.email?.trim() ?? rows[0].email],
      );
      await m.query(
        `INSERT INTO contractor_revision (contractor_id, version, name, email, at, actor) VALUES ($1, $2, $3, $4, $5, $6)`,
        [row.id, row.version, row.name, row.email, now, req.caller.sub],
      );
      await this.publish(m, AccessEvents.ContractorUpdated, row);
      return contractorView(row);
    });
  }

  private async publish(m: EntityManager, type: string, row: ContractorRow): Promise<void> {
    await this.outbox.add(m, {
      type,
      aggregateId: row.id,
      aggregateVersion: row.version,
      payload: { contractorId: row.id, name: row.name, corporateNumber: row.corporate_number, email: row.email },
    });
  }
}
