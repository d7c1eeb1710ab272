import { ApplicationSnapshot, TEST_NOT_COMPLETED_SENTENCE, testCompletionMissing } from '@jlis/contracts';
import { DomainError, isCalendarDate } from '@jlis/runtime';
import { EntityManager } from 'typeorm';
import { findConnection, requireCitable } from '../connections/connections.service';
import { A11_FORMS } from '../projections/access.projections';
import { AcceptedSubmissionRow, Projections } from '../projections/projections.repository';
import { isUuid, missingPapers } from './grant-rules';
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
  const missing = A11_FORMS.filter((_, i) => !accepted[i]);
  if (missing.length) throw missingPapers(missing, 'production');
  const a112 = accepted[A11_FORMS.indexOf('A-11-2')]!;
  const set = await GrantSet.load(m, `g.application_id = $1 AND g.environment = 'production'`, [snapshot.id]);
  const already = set.grants.find((g) => g.submission_id === a112.submission_id);
  if (already) {
    // "Latest" is the latest this service has seen: an A-13 sent right after documents accepted the new A-11-2 finds
    // the old one granted until that acceptance arrives, so the refusal is given only after catching up with the stream.
    throw new DomainError(
      'ACCESS_ALREADY_GRANTED',
      `この A-11-2 に基づくアクセス権は設定済みです (${already.approval_number})。変更には新しい A-11-2 が必要です。 / Production access was already granted on this A-11-2 (grant ${already.id}); a change needs a new accepted A-11-2 (A-13).`,
      { grantId: already.id },
    ).awaitingEvents();
  }
  const head = set.head('production', today);
  if (head && set.timeline.stateOn(head.id, today) === 'suspended') {
    throw new DomainError(
      'ACCESS_SUSPENDED',
      `The case's production access (grant ${head.id}) is suspended; reinstate it before granting a change on the new A-11-2.`,
      { grantId: head.id },
    );
  }
  if (a112.seal_confirmed === false) {
    throw new DomainError(
      'SEAL_NOT_CONFIRMED',
      'A-11-2 の役職印が確認されていません。 / The accepted A-11-2 is not marked as bearing the official seal (R11); the reviewer must confirm it.',
    );
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
  const effectiveFrom = agreement.effective_from;
  if (startDate < effectiveFrom) {
    throw new DomainError(
      'START_DATE_BEFORE_AGREEMENT',
      `A-11-2 のアクセス開始日 ${startDate} が協定書の効力発生日 ${effectiveFrom} より前です。開始日を ${effectiveFrom} 以降にした A-11-2 を提出してください。 / The A-11-2 start date ${startDate} is before the agreement's effective date ${effectiveFrom} (version ${agreement.version}); a new A-11-2 with a start date on or after ${effectiveFrom} is needed.`,
      { startDate, agreementEffectiveFrom: effectiveFrom, agreementVersion: agreement.version },
    );
  }
  const connectionId = a112.fields.connectionId;
  const connection = isUuid(connectionId) ? await findConnection(m, connectionId) : undefined;
  if (!connection || connection.environment !== 'production' || connection.withdrawn_at) {
    throw new DomainError(
      'ACCESS_PRECONDITION_MISSING',
      `A-11-2 の接続 (${String(connectionId)}) は本番環境の有効な接続登録ではありません。 / The A-11-2 names connection ${String(connectionId)}, which is not a current production registration; the contractor must register it and a corrected A-11-2 be filed.`,
      { missing: ['A-11-2.connectionId'] },
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
    if (unitsOut > 0 && !overrideReason) {
      throw new DomainError(
        'CARDS_OUTSTANDING',
        `テスト用ICカードが ${unitsOut} 枚返却されていません。返却後に設定するか、理由を記録して例外として設定してください。 / The case still holds ${unitsOut} lent test card(s) (R10); wait for their return or grant with an overrideReason that is kept with the grant.`,
        { unitsOut },
      );
    }
  }
  // A-13 kinds come from the A-11-2's reason; an A-11-2 marked 'initial' after go-live is still a change.
  const reason = a112.fields.reason;
  const changeKind = head
    ? reason === 'member-change' || reason === 'system-change'
      ? reason
      : 'system-change'
    : null;
  return {
    environment: 'production',
    connection,
    viaLgpki: false,
    submissionId: a112.submission_id,
    effectiveOn: startDate > today ? startDate : today,
    overrideReason: overrideReason ?? null,
    unitsOut,
    supersedes: head?.id ?? null,
    changeKind,
  };
}
