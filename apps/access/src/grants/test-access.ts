import { ApplicationSnapshot } from '@jlis/contracts';
import { DomainError } from '@jlis/runtime';
import { EntityManager } from 'typeorm';
import { findConnection, LinkRow, LINK_SELECT, requireCitable } from '../connections/connections.service';
import { Projections } from '../projections/projections.repository';
import { GrantPlan } from './grant-writer';
import { missingPapers } from './grant-rules';

/** test access (R8, R9) — what is granted, or the rule that refuses it. */
export async function planTestGrant(
  m: EntityManager,
  today: string,
  snapshot: ApplicationSnapshot,
  overrideReason: string | undefined,
): Promise<GrantPlan> {
  if (overrideReason !== undefined) {
    throw new DomainError(
      'OVERRIDE_NOT_APPLICABLE',
      'overrideReason applies to production access only (R10); leave it out for test access.',
      undefined,
      [{ field: 'overrideReason', message: 'only for environment "production"' }],
    );
  }
  const existing: { id: string }[] = await m.query(
    `SELECT id FROM access_grant WHERE application_id = $1 AND environment = 'test'`,
    [snapshot.id],
  );
  if (existing.length) {
    throw new DomainError(
      'ACCESS_ALREADY_GRANTED',
      `Test access was already granted for this case (grant ${existing[0].id}).`,
      { grantId: existing[0].id },
    );
  }
  if (!snapshot.wantsOnlineTest) {
    throw new DomainError(
      'ONLINE_TEST_NOT_WANTED',
      'この案件はオンラインテスト環境を希望していません。 / The case does not want the online test environment, so there is no test access to grant (R8).',
    );
  }
  const a034 = await Projections.latestAccepted(m, snapshot.id, 'A-03-4');
  if (!a034) throw missingPapers(['A-03-4'], 'test');
  // The A-08-1 first, then its link: both commit together, so this order never misreads an acceptance arriving now.
  const a081 = await Projections.latestAccepted(m, snapshot.id, 'A-08-1');
  const links: LinkRow[] = await m.query(
    `${LINK_SELECT} WHERE l.application_id = $1 AND l.environment = 'test' AND r.at IS NULL ORDER BY l.linked_at DESC`,
    [snapshot.id],
  );
  const link = links[0];
  if (!link) {
    if (!a081) throw missingPapers(['A-08-1'], 'test');
    throw new DomainError(
      'ACCESS_PRECONDITION_MISSING',
      `受理された A-08-1 の接続登録 (${String(a081.fields.connectionId)}) がテスト環境の有効な登録ではありません。 / The accepted A-08-1 names connection ${String(a081.fields.connectionId)}, which is not a current test registration; ask the contractor to register it and file a corrected A-08-1.`,
      { missing: ['connection'] },
    );
  }
  if (link.via_lgpki) {
    const task: unknown[] = await m.query(`SELECT 1 FROM lgwan_task WHERE application_id = $1 LIMIT 1`, [snapshot.id]);
    if (!task.length) {
      throw new DomainError(
        'LGWAN_TASK_NOT_DONE',
        'LGPKI 経由で検証するため、LGWAN全国センターの手続の完了を先に登録してください。 / The case verifies via LGPKI: record the LGWAN national center task as done (POST …/lgwan-task) before test access is granted (R9).',
      );
    }
  }
  const connection = (await findConnection(m, link.connection_id))!;
  // The case may have named another contractor since: its test access moves with a new A-08-1 (or link).
  await requireCitable(m, connection, snapshot.contractorId);
  return {
    environment: 'test',
    connection,
    viaLgpki: link.via_lgpki,
    submissionId: link.submission_id,
    effectiveOn: today,
    overrideReason: null,
    unitsOut: 0,
    supersedes: null,
    changeKind: null,
  };
}
