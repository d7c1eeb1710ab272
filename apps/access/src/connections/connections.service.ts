import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessEvents, ConnectionList, ConnectionRegister, ConnectionWithdraw } from '@jlis/contracts';
import { Clock, DomainError, japanDate, Outbox, withIdempotency } from '@jlis/runtime';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { canChangeContractor, canSeeContractor } from '../contractors/contractors.service';
import { parseCidrList } from './cidr';
import { CONNECTION_SELECT, ConnectionRow, connectionView, findConnection } from './connections.repository';

/** Contractors' network registrations (A-8, A-11): registered with their CIDRs, listed, withdrawn while no case uses them. */
@Injectable()
export class ConnectionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async register(req: ConnectionRegister.Request): Promise<ConnectionRegister.Response> {
    if (!canChangeContractor(req.caller, req.contractorId)) throw DomainError.notFound('Contractor', req.contractorId);
    const { cidrs, issues } = parseCidrList(req.body.cidrs);
    if (issues.length) {
      throw new DomainError(
        issues[0].code,
        `Invalid request: ${issues.map((i) => i.message).join('; ')}.`,
        undefined,
        issues.map(({ field, message }) => ({ field, message })),
      );
    }
    return this.ds.transaction(async (m) => {
      const { response } = await withIdempotency(m, req.caller, req.idempotencyKey, req.body, async () => {
        const contractor: { id: string }[] = await m.query(`SELECT id FROM contractor WHERE id = $1`, [
          req.contractorId,
        ]);
        if (!contractor.length) throw DomainError.notFound('Contractor', req.contractorId);
        const methods: { code: string }[] = await m.query(
          `SELECT code FROM connection_method WHERE code = $1 AND active`,
          [req.body.method],
        );
        if (!methods.length) {
          const known: { code: string }[] = await m.query(
            `SELECT code FROM connection_method WHERE active ORDER BY code`,
          );
          throw new DomainError(
            'CONNECTION_METHOD_UNKNOWN',
            `method "${req.body.method}" is not in the connection-method catalogue; use one of ${known.map((k) => k.code).join(', ')}.`,
            undefined,
            [{ field: 'method', message: `must be one of ${known.map((k) => k.code).join(', ')}` }],
          );
        }
        // One registration at a time per environment, so two contractors cannot claim overlapping ranges together.
        await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`access:cidrs:${req.body.environment}`]);
        for (const cidr of cidrs) {
          const clash: { cidr: string; connection_id: string; contractor_id: string; name: string }[] = await m.query(
            `SELECT cc.cidr::text AS cidr, cc.connection_id, cc.contractor_id, k.name
               FROM connection_cidr cc JOIN contractor k ON k.id = cc.contractor_id
              WHERE cc.environment = $1 AND cc.cidr && $2::cidr AND cc.contractor_id <> $3
                AND NOT EXISTS (SELECT 1 FROM connection_withdrawal w WHERE w.connection_id = cc.connection_id)
              LIMIT 1`,
            [req.body.environment, cidr.text, req.contractorId],
          );
          if (clash.length) {
            const c = clash[0];
            throw new DomainError(
              'CIDR_CLASH',
              `${cidr.text} overlaps ${c.cidr}, registered in the ${req.body.environment} environment by another contractor (${c.name}); addresses must be unique per environment. Check the range with your network team.`,
              {
                cidr: cidr.text,
                clashesWith: c.cidr,
                contractorId: c.contractor_id,
                contractorName: c.name,
                connectionId: c.connection_id,
              },
            );
          }
        }
        const id = randomUUID();
        const texts = cidrs.map((c) => c.text);
        await m.query(
          `INSERT INTO connection (id, contractor_id, environment, method, cidrs, registered_at, registered_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [id, req.contractorId, req.body.environment, req.body.method, texts, this.clock.now(), req.caller.sub],
        );
        for (const text of texts) {
          await m.query(
            `INSERT INTO connection_cidr (connection_id, contractor_id, environment, cidr) VALUES ($1, $2, $3, $4)`,
            [id, req.contractorId, req.body.environment, text],
          );
        }
        await this.outbox.add(m, {
          type: AccessEvents.ConnectionRegistered,
          aggregateId: id,
          aggregateVersion: 1,
          payload: {
            connectionId: id,
            contractorId: req.contractorId,
            environment: req.body.environment,
            method: req.body.method,
            cidrs: texts,
          },
        });
        return connectionView((await findConnection(m, id))!);
      });
      return response;
    });
  }

  async list(req: ConnectionList.Request): Promise<ConnectionList.Response> {
    const exists: unknown[] = await this.ds.query(`SELECT 1 FROM contractor WHERE id = $1`, [req.contractorId]);
    if (!exists.length || !(await canSeeContractor(this.ds.manager, req.caller, req.contractorId))) {
      throw DomainError.notFound('Contractor', req.contractorId);
    }
    const rows: ConnectionRow[] = await this.ds.query(
      `${CONNECTION_SELECT} WHERE c.contractor_id = $1 ORDER BY c.registered_at`,
      [req.contractorId],
    );
    return { items: rows.map(connectionView) };
  }

  async withdraw(req: ConnectionWithdraw.Request): Promise<ConnectionWithdraw.Response> {
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT id FROM connection WHERE id = $1 FOR UPDATE`, [req.connectionId]);
      const row = await findConnection(m, req.connectionId);
      if (!row || !canChangeContractor(req.caller, row.contractor_id))
        throw DomainError.notFound('Connection', req.connectionId);
      if (row.withdrawn_at) {
        throw new DomainError(
          'CONNECTION_WITHDRAWN',
          `この接続登録は ${japanDate(new Date(row.withdrawn_at))} に取り下げ済みです。 / This connection was already withdrawn on ${new Date(row.withdrawn_at).toISOString()}.`,
        );
      }
      if (row.linked_cases > 0) {
        const cases: { application_id: string }[] = await m.query(
          `SELECT DISTINCT application_id FROM connection_link l WHERE connection_id = $1
             AND NOT EXISTS (SELECT 1 FROM connection_link_release r WHERE r.link_id = l.id)`,
          [row.id],
        );
        throw new DomainError(
          'CONNECTION_IN_USE',
          `この接続登録は ${row.linked_cases} 件の案件で使用中のため、取り下げできません (各案件のアクセス権の取消または別の接続登録への変更の後に取り下げられます)。 / This connection is used by ${row.linked_cases} case(s); it can be withdrawn once no case uses it (their access revoked or moved to another registration).`,
          { linkedCases: row.linked_cases, applicationIds: cases.map((c) => c.application_id) },
        );
      }
      await m.query(`INSERT INTO connection_withdrawal (connection_id, at, actor) VALUES ($1, $2, $3)`, [
        row.id,
        this.clock.now(),
        req.caller.sub,
      ]);
      await this.outbox.add(m, {
        type: AccessEvents.ConnectionWithdrawn,
        aggregateId: row.id,
        aggregateVersion: 2,
        payload: {
          connectionId: row.id,
          contractorId: row.contractor_id,
          environment: row.environment,
          method: row.method,
          cidrs: row.cidrs,
        },
      });
      return connectionView((await findConnection(m, row.id))!);
    });
  }
}
