import { ApplicationSnapshot } from '@jlis/contracts';
import {
  DomainError,
  ruleR10OverrideOnlyForProduction,
  ruleR8TestAccessPreconditions,
  ruleR9LgwanTaskBeforeTestAccess,
} from '@jlis/runtime';
import { EntityManager } from 'typeorm';
import { findConnection, LinkRow, LINK_SELECT, requireCitable } from '../connections/connections.repository';
import { Projections } from '../projections/projections.repository';
import { GrantPlan } from './grant-writer';

/** test access (R8, R9) — what is granted, or the rule that refuses it. */
export async function planTestGrant(
  m: EntityManager,
  today: string,
  snapshot: ApplicationSnapshot,
  overrideReason: string | undefined,
): Promise<GrantPlan> {
  ruleR10OverrideOnlyForProduction(overrideReason);
  const existing: { id: string; approval_number: string }[] = await m.query(
    `SELECT id, approval_number FROM access_grant WHERE application_id = $1 AND environment = 'test'`,
    [snapshot.id],
  );
  if (existing.length) {
    throw new DomainError(
      'ACCESS_ALREADY_GRANTED',
      `この案件のテスト環境へのアクセス権は設定済みです (承認番号 ${existing[0].approval_number})。 / Test access was already granted for this case (approval ${existing[0].approval_number}).`,
      { grantId: existing[0].id },
    );
  }
  const a034 = await Projections.latestAccepted(m, snapshot.id, 'A-03-4');
  // The A-08-1 first, then its link: both commit together, so this order never misreads an acceptance arriving now.
  const a081 = await Projections.latestAccepted(m, snapshot.id, 'A-08-1');
  const links: LinkRow[] = await m.query(
    `${LINK_SELECT} WHERE l.application_id = $1 AND l.environment = 'test' AND r.at IS NULL ORDER BY l.linked_at DESC`,
    [snapshot.id],
  );
  const link = links[0];
  ruleR8TestAccessPreconditions({
    wantsOnlineTest: snapshot.wantsOnlineTest,
    a034Accepted: !!a034,
    a081: a081 && { connectionId: a081.fields.connectionId },
    linked: !!link,
  });
  const task: unknown[] = link.via_lgpki
    ? await m.query(`SELECT 1 FROM lgwan_task WHERE application_id = $1 LIMIT 1`, [snapshot.id])
    : [];
  ruleR9LgwanTaskBeforeTestAccess({ viaLgpki: link.via_lgpki, taskDone: task.length > 0 });
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
