import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessEvents, ConnectionLink, isCaseParty } from '@jlis/contracts';
import {
  CaseProjection,
  Clock,
  DomainError,
  Outbox,
  ruleR8LinkOnlyForOnlineTest,
  withIdempotency,
} from '@jlis/runtime';
import { DataSource } from 'typeorm';
import { findConnection, insertLink, LINK_SELECT, LinkRow, linkView, requireCitable } from './connections.repository';

/** R8's link: a case reuses a test registration its contractor already made for another local government. */
@Injectable()
export class ConnectionLinksService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly cases: CaseProjection,
  ) {}

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
            '指定された接続登録が見つかりません。 / The connection given was not found.',
            undefined,
            [{ field: 'connectionId', message: 'no such connection registration' }],
          );
        }
        // Whose it is comes first: of another vendor's registration the case learns nothing more.
        await requireCitable(m, connection, snapshot.contractorId);
        if (connection.withdrawn_at)
          throw new DomainError(
            'CONNECTION_WITHDRAWN',
            '指定された接続登録は取り下げられています。有効な接続登録を指定してください。 / The connection given was withdrawn; choose a current registration.',
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
            'この案件は既にこの接続登録にリンクしています。 / The case is already linked to this connection.',
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
