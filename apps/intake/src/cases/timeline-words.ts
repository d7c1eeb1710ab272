import { ACCESS_ENVIRONMENT_NAMES, AccessEnvironment, EventType, SPEC_ITEM_NAMES } from '@jlis/contracts';

/**
 * The words of the timeline's lines for other services' events (issue 13): every line names things as people say
 * them — form numbers, 貸出 L-00042, Q-00003, 承認番号, company names, dates — never an id or a code. A value this file
 * has no word for is left out rather than shown as a code; ids stay in the events for whoever needs them.
 */

/** Company names by contractor id, as intake knew them when the line was written (access's contractor events). */
export interface TimelineNames {
  contractors: Record<string, string>;
}

export const NO_NAMES: TimelineNames = { contractors: {} };

/** What happened, in Japanese and English, for each event type of the other services that reaches a case. */
export const EVENT_TITLES: Partial<Record<EventType, [string, string]>> = {
  'documents.templates.dispatched': ['様式のひな形を提供', 'templates provided'],
  'documents.submission.received': ['様式の提出を受付', 'submission received'],
  'documents.submission.accepted': ['提出を受理', 'submission accepted'],
  'documents.submission.returned': ['提出を差戻し', 'submission returned'],
  'documents.submission.review-overdue': ['審査の目安期間を超過（J-LIS へお知らせ）', 'review overdue'],
  'documents.applications.completed': ['申請書類がそろいました', 'applications complete'],
  'documents.contractor-nda.recorded': ['システム受託者との秘密保持契約を記録', 'contractor NDA recorded'],
  'documents.disclosure.recorded': ['システム受託者への技術仕様の開示を記録', 'disclosure recorded'],
  'documents.spec.delivered': ['技術仕様書等を送付', 'specifications sent'],
  'documents.spec.received': ['技術仕様書等の受領を確認', 'specifications received'],
  'documents.question.asked': ['質問を受付', 'question asked'],
  'documents.question.answered': ['質問に回答', 'question answered'],
  'documents.agreement.concluded': ['協定書を締結', 'agreement concluded'],
  'cards.loan.opened': ['テスト用ICカードの貸出を開始', 'card loan opened'],
  'cards.loan.allocated': ['貸し出すカードを割当', 'cards allocated'],
  'cards.loan.waiting': ['カードの在庫待ち', 'waiting for stock'],
  'cards.loan.shipped': ['カードを発送', 'cards shipped'],
  'cards.loan.returned': ['カードの返却を受領', 'cards returned'],
  'cards.loan.closed': ['貸出を完了', 'loan closed'],
  'cards.loan.overdue': ['カードの返却期限を超過', 'return overdue'],
  'cards.loan.custody-changed': ['カードの保管者を記録', 'custody recorded'],
  'cards.loan.unit-lost': ['カードを亡失として処理', 'card written off as lost'],
  'cards.holdings.changed': ['貸出中のカード枚数', 'cards held'],
  'access.connection.registered': ['接続情報を登録', 'connection registered'],
  'access.connection.withdrawn': ['接続情報を取下げ', 'connection withdrawn'],
  'access.connection.linked': ['登録済みの接続情報を利用', 'connection linked'],
  'access.lgwan-task.completed': ['LGWAN 全国センターでの作業を完了', 'LGWAN task completed'],
  'access.grant.created': ['アクセス権を設定', 'access granted'],
  'access.grant.effective': ['アクセス権が有効になりました', 'grant in effect'],
  'access.grant.superseded': ['アクセス権を変更により置き換え', 'grant superseded'],
  'access.grant.suspended': ['アクセス権を停止', 'grant suspended'],
  'access.grant.revoked': ['アクセス権を取消', 'grant revoked'],
  'access.grant.reinstated': ['アクセス権を再開', 'grant reinstated'],
  'access.approval-document.issued': ['承認書（PDF）を発行', 'approval document issued'],
  'access.production.ready': ['本番環境の利用申込みが完了', 'production ready'],
  'access.test-access.expiring': ['テスト環境の利用期間がまもなく満了', 'test access expiring'],
  'access.test-access.expired': ['テスト環境の利用期間が満了', 'test access expired'],
  'access.test-access.extended': ['テスト環境の利用期間を延長', 'test access extended'],
};

const GRANT_STATES: Record<string, string> = {
  active: '有効',
  scheduled: '開始日前',
  suspended: '停止中',
  revoked: '取消済み',
  superseded: '置き換え済み',
};
const MEDIA: Record<string, string> = { 'cd-rom': 'CD-ROM で送付', email: '電子メールで送付' };
const HOLDERS: Record<string, string> = { applicant: '地方公共団体が保管', contractor: 'システム受託者が保管' };
const CONDITIONS: Record<string, string> = { good: '状態良好', damaged: '破損あり' };
const DATES: [string, string][] = [
  ['signedOn', '締結日'],
  ['effectiveOn', '開始日'],
  ['effectiveFrom', '効力発生日'],
  ['shippedOn', '発送日'],
  ['expectedReturnOn', '返却予定日'],
  ['receivedOn', '受領日'],
  ['completedOn', '完了日'],
  ['expiresOn', '満了日'],
];

const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** A submission as people name it: `A-11-2`, with its series and round once there is more than one. */
export function submissionName(form: string, series?: number, round?: number): string {
  const more = (series ?? 1) > 1 || (round ?? 1) > 1;
  return more ? `${form}（第${series ?? 1}系列 第${round ?? 1}回提出）` : form;
}

/** The details of a line, in the order people look for them: what it is (numbers), whom, what, when. */
export function detailsOf(payload: Record<string, unknown>, names: TimelineNames): string[] {
  const details: string[] = [];
  const loan = str(payload.loanNumber);
  if (loan) details.push(`貸出 ${loan}`);
  const question = str(payload.questionNumber);
  if (question) details.push(question);
  const approval = payload.approval as { number?: unknown } | undefined;
  const approvalNumber = str(approval?.number) ?? str(payload.approvalNumber);
  if (approvalNumber) details.push(`承認番号 ${approvalNumber}`);
  const form = str(payload.form);
  if (form) details.push(`様式 ${submissionName(form, num(payload.series), num(payload.round))}`);
  const environment = str(payload.environment);
  if (environment && environment in ACCESS_ENVIRONMENT_NAMES)
    details.push(ACCESS_ENVIRONMENT_NAMES[environment as AccessEnvironment].ja);
  const state = GRANT_STATES[str(payload.status) ?? ''];
  if (state && str(payload.grantId)) details.push(state);
  const contractor = names.contractors[str(payload.contractorId) ?? ''];
  if (contractor) details.push(`受託者 ${contractor}`);
  const templates = payload.templates;
  if (Array.isArray(templates))
    details.push(
      templates
        .map((t) => str((t as { form?: unknown }).form))
        .filter(Boolean)
        .join('・'),
    );
  const items = payload.items;
  if (Array.isArray(items) && items.every((i) => typeof i === 'string'))
    details.push(items.map((i) => SPEC_ITEM_NAMES[i] ?? i).join('・'));
  const medium = MEDIA[str(payload.medium) ?? ''];
  if (medium) details.push(medium);
  const holder = HOLDERS[str(payload.holder) ?? ''];
  if (holder) details.push(holder);
  const serials = payload.serials;
  if (Array.isArray(serials) && serials.length) details.push(`${serials.length}枚`);
  const condition = CONDITIONS[str(payload.condition) ?? ''];
  if (condition) details.push(condition);
  const unitsOut = num(payload.unitsOut);
  if (unitsOut !== undefined) details.push(`${unitsOut}枚`);
  const overdue = num(payload.businessDaysOverdue) ?? num(payload.businessDaysWaiting);
  if (overdue !== undefined) details.push(`${overdue}営業日`);
  const subject = str(payload.subject);
  if (subject) details.push(`件名「${subject}」`);
  for (const [key, word] of DATES) {
    const value = str(payload[key]);
    if (value) details.push(`${word} ${value}`);
  }
  const reasons = payload.reasons;
  if (Array.isArray(reasons) && reasons.length)
    details.push(
      `理由: ${reasons
        .map((r) => str((r as { message?: unknown }).message))
        .filter(Boolean)
        .join('／')}`,
    );
  const reason = str(payload.reason);
  if (reason) details.push(`理由: ${reason}`);
  return details.filter(Boolean);
}
