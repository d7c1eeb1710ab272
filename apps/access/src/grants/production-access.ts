import { ApplicationSnapshot, TEST_NOT_COMPLETED_SENTENCE, testCompletionMissing } from '@jlis/contracts';
import {
  DomainError,
  isCalendarDate,
  ruleR10CardsReturnedBeforeProduction,
  ruleR11SealConfirmed,
  ruleR11StartDateOnOrAfterAgreement,
  ruleR12EffectiveOn,
  ruleR12ProductionAfterA11Accepted,
  ruleR13ChangeOnNewA112,
} from '@jlis/runtime';
import { EntityManager } from 'typeorm';
import { findConnection, requireCitable } from '../connections/connections.repository';
import { A11_FORMS } from '../projections/access.projections';
import { AcceptedSubmissionRow, Projections } from '../projections/projections.repository';
import { isUuid } from './grant-rules';
import { GrantPlan } from './grant-writer';
import { GrantSet } from './grants.repository';

/** production access on the latest accepted A-11-2 (R10–R13) — what is granted, or the rule that refuses it. */
export async function planProductionGrant(
  m: EntityManager,
  today: string,
  snapshot: ApplicationSnapshot,
  overrideReason: string | undefined,
): Promise<GrantPlan> {
  const accepted: (AcceptedSubmissionRow | undefined)[] = [];
  for (const form of A11_FORMS) accepted.push(await Projections.latestAccepted(m, snapshot.id, form));
  ruleR12ProductionAfterA11Accepted(A11_FORMS.filter((_, i) => accepted[i]));
  const a112 = accepted[A11_FORMS.indexOf('A-11-2')]!;
  const set = await GrantSet.load(m, `g.application_id = $1 AND g.environment = 'production'`, [snapshot.id]);
  const already = set.grants.find((g) => g.submission_id === a112.submission_id);
  const head = set.head('production', today);
  const kind = ruleR13ChangeOnNewA112({
    granted: already && { id: already.id, approvalNumber: already.approval_number },
    inForce: head,
    reason: a112.fields.reason,
  });
  if (head && set.timeline.stateOn(head.id, today) === 'suspended') {
    throw new DomainError(
      'ACCESS_SUSPENDED',
      `この案件の本番環境へのアクセス権 (承認番号 ${head.approval_number}) は停止中です。新しい A-11-2 による変更の前に再開してください。 / The case's production access (approval ${head.approval_number}) is suspended; reinstate it before granting a change on the new A-11-2.`,
      { grantId: head.id },
    );
  }
  // R11's seal half, on the confirmation the acceptance event carried (documents accepts no A-11-2 without it).
  try {
    ruleR11SealConfirmed({ sealConfirmed: a112.seal_confirmed, at: 'grant' });
  } catch (error) {
    throw error instanceof DomainError ? error.awaitingEvents() : error;
  }
  const startDate = a112.fields.startDate;
  if (!isCalendarDate(startDate)) {
    throw new DomainError(
      'ACCESS_PRECONDITION_MISSING',
      `The accepted A-11-2 carries no valid start date (startDate: ${JSON.stringify(startDate)}); it must be returned and filed again.`,
      {
        missing: ['A-11-2.startDate'],
      },
    );
  }
  // R11: the start date is on or after the agreement's Article 13 effective date (documents' latest version counts,
  // whatever order its events arrived in), checked again now.
  const agreement = await Projections.currentAgreement(m, snapshot.id);
  if (!agreement) {
    throw new DomainError(
      'PRECONDITION_NOT_YET_KNOWN',
      '協定書の締結がまだ記録されていません。記録済みの場合は少し待って再度お試しください。 / No agreement (協定書) is known for this case yet; production access needs it (R11). If it was just recorded, try again in a moment.',
      { missing: ['agreement'], step: 'A-12' },
    );
  }
  ruleR11StartDateOnOrAfterAgreement(startDate, {
    version: agreement.version,
    effectiveFrom: agreement.effective_from,
  });
  const connectionId = a112.fields.connectionId;
  const connection = isUuid(connectionId) ? await findConnection(m, connectionId) : undefined;
  if (!connection || connection.environment !== 'production' || connection.withdrawn_at) {
    throw new DomainError(
      'ACCESS_PRECONDITION_MISSING',
      'A-11-2 に記載の接続は、本番環境の有効な接続登録ではありません。受託者に接続登録を依頼し、訂正した A-11-2 をご提出ください。 / The connection the A-11-2 names is not a current production registration; the contractor must register it and a corrected A-11-2 be filed.',
      { missing: ['A-11-2.connectionId'], connectionId: String(connectionId) },
    );
  }
  // After a contractor change, production access moves with the next A-11-2 citing the new contractor's connection.
  await requireCitable(m, connection, snapshot.contractorId);
  // R10 and A-10's test end apply to the first production grant only (R13: not to changes).
  if (!head && testCompletionMissing(snapshot)) {
    throw new DomainError('TEST_NOT_COMPLETED', TEST_NOT_COMPLETED_SENTENCE, { step: 'A-10' });
  }
  let unitsOut = 0;
  if (!head) {
    const holding: { units_out: number }[] = await m.query(
      `SELECT units_out FROM card_holding WHERE application_id = $1`,
      [snapshot.id],
    );
    unitsOut = holding[0]?.units_out ?? 0;
    ruleR10CardsReturnedBeforeProduction({ unitsOut, overrideReason });
  }
  return {
    environment: 'production',
    connection,
    viaLgpki: false,
    submissionId: a112.submission_id,
    effectiveOn: ruleR12EffectiveOn(startDate, today),
    overrideReason: overrideReason ?? null,
    unitsOut,
    supersedes: kind.supersedes,
    changeKind: kind.changeKind,
  };
}
