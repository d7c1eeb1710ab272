import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AccessEnvironment,
  AccessEvents,
  ConnectionLink,
  ConnectionLinkView,
  ConnectionList,
  ConnectionRegister,
  ConnectionView,
  connectionCitation,
  connectionCitationSentence,
  ConnectionWithdraw,
  isCaseParty,
} from '@jlis/contracts';
import {
  CaseProjection,
  Clock,
  DomainError,
  Outbox,
  ruleR8LinkOnlyForOnlineTest,
  withIdempotency,
} from '@jlis/runtime';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { canChangeContractor, canSeeContractor } from '../contractors/contractors.service';
import { parseCidrList } from './cidr';

export interface ConnectionRow {
  id: string;
  contractor_id: string;
  environment: AccessEnvironment;
  method: string;
  cidrs: string[];
  registered_at: Date;
  registered_by: string;
  withdrawn_at: Date | null;
  linked_cases: number;
}

export interface LinkRow {
  id: string;
  application_id: string;
  connection_id: string;
  environment: AccessEnvironment;
  via_lgpki: boolean;
  source: string;
  submission_id: string | null;
  linked_at: Date;
  linked_by: string;
  released_at: Date | null;
}

/** Connections with their withdrawal and the number of cases whose link is not released. */
export const CONNECTION_SELECT = `
  SELECT c.*, w.at AS withdrawn_at,
    (SELECT count(DISTINCT l.application_id)::int FROM connection_link l
      WHERE l.connection_id = c.id AND NOT EXISTS (SELECT 1 FROM connection_link_release r WHERE r.link_id = l.id)) AS linked_cases
  FROM connection c LEFT JOIN connection_withdrawal w ON w.connection_id = c.id`;

export const LINK_SELECT = `
  SELECT l.*, r.at AS released_at FROM connection_link l LEFT JOIN connection_link_release r ON r.link_id = l.id`;

export function connectionView(row: ConnectionRow): ConnectionView {
  return {
    id: row.id,
    contractorId: row.contractor_id,
    environment: row.environment,
    method: row.method,
    cidrs: row.cidrs,
    registeredAt: new Date(row.registered_at).toISOString(),
    registeredBy: row.registered_by,
    withdrawnAt: row.withdrawn_at ? new Date(row.withdrawn_at).toISOString() : null,
    linkedCases: row.linked_cases,
  };
}

export function linkView(row: LinkRow): ConnectionLinkView {
  return {
    id: row.id,
    applicationId: row.application_id,
    connectionId: row.connection_id,
    environment: row.environment,
    viaLgpki: row.via_lgpki,
    source: row.source,
    submissionId: row.submission_id,
    linkedAt: new Date(row.linked_at).toISOString(),
    linkedBy: row.linked_by,
    releasedAt: row.released_at ? new Date(row.released_at).toISOString() : null,
  };
}

/**
 * A case cites only a connection of the contractor it names now (`connectionCitation`, shared with documents):
 * CONNECTION_NOT_OF_CASE_CONTRACTOR for another's, CASE_NAMES_NO_CONTRACTOR while it names none.
 */
export async function requireCitable(
  m: EntityManager,
  connection: Pick<ConnectionRow, 'id' | 'contractor_id'>,
  caseContractorId: string | null,
): Promise<void> {
  const citation = connectionCitation(connection.contractor_id, caseContractorId);
  if (citation === 'ok') return;
  const [named]: { name: string }[] = caseContractorId
    ? await m.query(`SELECT name FROM contractor WHERE id = $1`, [caseContractorId])
    : [];
  throw new DomainError(
    citation === 'foreign' ? 'CONNECTION_NOT_OF_CASE_CONTRACTOR' : 'CASE_NAMES_NO_CONTRACTOR',
    connectionCitationSentence(citation, named?.name),
    { connectionId: connection.id },
  );
}

export async function findConnection(m: EntityManager, id: string): Promise<ConnectionRow | undefined> {
  const rows: ConnectionRow[] = await m.query(`${CONNECTION_SELECT} WHERE c.id = $1`, [id]);
  return rows[0];
}

@Injectable()
export class ConnectionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly cases: CaseProjection,
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
          `Connection ${row.id} was already withdrawn on ${new Date(row.withdrawn_at).toISOString()}.`,
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
          `Connection ${row.id} is used by ${row.linked_cases} case(s); it can be withdrawn once no case uses it (their access revoked or moved to another registration).`,
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

  /** R8: a case uses a test registration its contractor already made for another local government, instead of a new A-08-1. */
  async link(req: ConnectionLink.Request): Promise<ConnectionLink.Response> {
    return this.ds.transaction(async (m) => {
      const { response } = await withIdempotency(m, req.caller, req.idempotencyKey, req.body, async () => {
        const snapshot = await this.cases.require(req.applicationId, m);
        if (
          !isCaseParty(req.caller, {
            applicationId: snapshot.id,
            organizationCode: snapshot.organizationCode,
            contractorId: snapshot.contractorId,
          }) ||
          req.caller.role === 'contractor'
        ) {
          throw DomainError.notFound('Application', req.applicationId);
        }
        ruleR8LinkOnlyForOnlineTest(snapshot.wantsOnlineTest);
        await m.query(`SELECT id FROM connection WHERE id = $1 FOR SHARE`, [req.body.connectionId]);
        const connection = await findConnection(m, req.body.connectionId);
        if (!connection) {
          throw new DomainError(
            'NOT_FOUND',
            `接続登録 ${req.body.connectionId} が見つかりません。 / Connection ${req.body.connectionId} was not found.`,
            undefined,
            [{ field: 'connectionId', message: 'no such connection registration' }],
          );
        }
        // Whose it is comes first: of another vendor's registration the case learns nothing more.
        await requireCitable(m, connection, snapshot.contractorId);
        if (connection.withdrawn_at)
          throw new DomainError(
            'CONNECTION_WITHDRAWN',
            `接続登録は取り下げられています。 / Connection ${connection.id} was withdrawn; choose a current registration.`,
          );
        if (connection.environment !== 'test') {
          throw new DomainError(
            'CONNECTION_WRONG_ENVIRONMENT',
            `リンクできるのはテスト環境の接続登録だけです。本番環境は A-11-2 で指定してください。 / Only test registrations can be linked; production uses the connection named in A-11-2.`,
          );
        }
        const elsewhere: unknown[] = await m.query(
          `SELECT 1 FROM connection_link l JOIN case_snapshot s ON s.application_id = l.application_id
            WHERE l.connection_id = $1 AND s.organization_code <> $2 LIMIT 1`,
          [connection.id, snapshot.organizationCode],
        );
        if (!elsewhere.length) {
          throw new DomainError(
            'CONNECTION_NOT_REGISTERED_ELSEWHERE',
            `この接続は他の地方公共団体でまだ登録されていません。A-08-1 を提出してください。 / This connection is not yet registered for another local government, so there is nothing to reuse: file an A-08-1 instead.`,
          );
        }
        const already: LinkRow[] = await m.query(
          `${LINK_SELECT} WHERE l.application_id = $1 AND l.connection_id = $2 AND r.at IS NULL`,
          [snapshot.id, connection.id],
        );
        if (already.length) {
          throw new DomainError(
            'CONNECTION_ALREADY_LINKED',
            `この案件は既にこの接続にリンクしています。 / The case is already linked to connection ${connection.id}.`,
            {
              linkId: already[0].id,
            },
          );
        }
        const link = await insertLink(m, this.clock, {
          applicationId: snapshot.id,
          connectionId: connection.id,
          environment: 'test',
          viaLgpki: req.body.viaLgpki,
          source: 'link',
          submissionId: null,
          actor: req.caller.sub,
        });
        await this.outbox.add(m, {
          type: AccessEvents.ConnectionLinked,
          aggregateId: link.id,
          aggregateVersion: 1,
          applicationId: snapshot.id,
          payload: {
            linkId: link.id,
            connectionId: connection.id,
            contractorId: connection.contractor_id,
            applicationId: snapshot.id,
            environment: 'test',
            viaLgpki: req.body.viaLgpki,
            source: 'link',
          },
        });
        return linkView(link);
      });
      return response;
    });
  }
}

export async function insertLink(
  m: EntityManager,
  clock: Clock,
  link: {
    applicationId: string;
    connectionId: string;
    environment: AccessEnvironment;
    viaLgpki: boolean;
    source: string;
    submissionId: string | null;
    actor: string;
  },
): Promise<LinkRow> {
  const id = randomUUID();
  await m.query(
    `INSERT INTO connection_link (id, application_id, connection_id, environment, via_lgpki, source, submission_id, linked_at, linked_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      id,
      link.applicationId,
      link.connectionId,
      link.environment,
      link.viaLgpki,
      link.source,
      link.submissionId,
      clock.now(),
      link.actor,
    ],
  );
  const rows: LinkRow[] = await m.query(`${LINK_SELECT} WHERE l.id = $1`, [id]);
  return rows[0];
}
