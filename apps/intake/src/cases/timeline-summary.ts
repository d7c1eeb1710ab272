import {
  AccessEvents,
  APPLICATION_STATUS_NAMES,
  ApplicationEventPayload,
  CONTACT_ROLE_NAMES,
  DecisionPayload,
  EventEnvelope,
  IntakeEvents,
  IntakeReminderEvents,
  verifierKindsJa,
  verifierRoleJa,
} from '@jlis/contracts';
import { detailsOf, EVENT_TITLES, NO_NAMES, TimelineNames } from './timeline-words';

type Summarise = (payload: Record<string, unknown>, names: TimelineNames) => string;

const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

const intake: Record<string, Summarise> = {
  [IntakeEvents.ApplicationRequested]: (p) => {
    const a = (p as unknown as ApplicationEventPayload).application;
    return `A-1 申請手続開始依頼: ${a.verifierName}（${a.organizationCode}、${verifierKindsJa(a.verifierKinds)}）`;
  },
  [IntakeEvents.ApplicationQualified]: (p) =>
    `A-2 ${verifierRoleJa((p as unknown as ApplicationEventPayload).application.verifierKinds)}の資格を確認 / qualified`,
  [IntakeEvents.ApplicationTestCompleted]: (p) =>
    `A-10 テスト終了を記録 / test finished: ${(p as unknown as ApplicationEventPayload).application.testCompletedOn ?? ''}`,
  [IntakeEvents.ApplicationRejected]: (p) => `A-2 資格なしと判定 / rejected: ${str(p.reason) ?? ''}`.trim(),
  [IntakeEvents.ApplicationUpdated]: (p) =>
    `オンラインテスト環境: ${(p as unknown as ApplicationEventPayload).application.wantsOnlineTest ? '希望する / wanted' : '希望しない / not wanted'}`,
  [IntakeEvents.ApplicationContractorNamed]: (p, names) => {
    const a = p as unknown as ApplicationEventPayload;
    // Companies by name; one intake has not heard of (yet) is 'the one named', never its id.
    const name = (id: string) => names.contractors[id];
    const now = a.application.contractorId ? name(a.application.contractorId) : undefined;
    const was = a.previousContractorId ? name(a.previousContractorId) : undefined;
    const change = a.previousContractorId
      ? `（変更前: ${was ?? '以前の受託者'}） / was ${was ?? 'the previous one'}`
      : '';
    return `システム受託者を指定 / contractor named: ${now ?? '指定された受託者'}${change}`;
  },
  [IntakeEvents.ApplicationContactsChanged]: (p) =>
    `連絡先を更新 / contacts changed: ${(p as unknown as ApplicationEventPayload).application.contacts
      .map((c) => `${CONTACT_ROLE_NAMES[c.role]?.ja ?? '担当'} ${c.name}`)
      .join('、')}`,
  [IntakeReminderEvents.CaseStalled]: (p) =>
    `ご対応のお願いをお送りしました（${String(p.businessDaysStalled)}営業日お動きなし） / reminder sent: no step for ${String(p.businessDaysStalled)} business days`,
  [IntakeEvents.ApplicationStatusChanged]: (p) => {
    const a = p as unknown as ApplicationEventPayload;
    const status = APPLICATION_STATUS_NAMES[a.application.status];
    return `状態 / status → ${status ? `${status.ja} / ${status.en}` : '変更'}${a.reason ? `: ${a.reason}` : ''}`;
  },
};

const DECISIONS: Record<string, [string, string]> = {
  'production-grant': ['本番環境のアクセス権設定', 'production access'],
  suspension: ['アクセス権の停止', 'suspension'],
  revocation: ['アクセス権の取消', 'revocation'],
};
const decision = (kind: string): [string, string] => DECISIONS[kind] ?? ['アクセス権の決定', 'decision'];

/** 2026-04-01T01:05:00Z → 2026-04-01 10:05 (Japan). */
function timeInJapan(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t + 9 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const signed = (s: { name: string; at: string }) => `${s.name} (${timeInJapan(s.at)})`;

/** Two-person decisions: who proposed and who approved, by name and time (never login ids). */
const access: Record<string, Summarise> = {
  [AccessEvents.DecisionProposed]: (p) => {
    const d = p as unknown as DecisionPayload;
    return `${decision(d.kind)[0]}を提案 / ${decision(d.kind)[1]} proposed: 提案者 ${signed(d.proposedBy)}`;
  },
  [AccessEvents.DecisionApproved]: (p) => {
    const d = p as unknown as DecisionPayload;
    const approvers = (d.approvedBy ?? []).map(signed).join('、');
    return `${decision(d.kind)[0]}を承認 / ${decision(d.kind)[1]} approved: 提案者 ${signed(d.proposedBy)}、承認者 ${approvers}${d.approvalNumber ? `、承認番号 ${d.approvalNumber}` : ''}`;
  },
};

/**
 * A one-line summary of any event for the case timeline, in the words people use (issue 13). Intake's own events and
 * the two-person decisions have their own sentences; events of other services are a title (EVENT_TITLES) and the
 * usual payload fields in words (detailsOf), so a new event type still shows up sensibly. `names` are the company
 * names the line may need, read by the projector when it writes the line.
 */
export function summarise(event: EventEnvelope, names: TimelineNames = NO_NAMES): string {
  const payload: Record<string, unknown> = event.payload ?? {};
  const own = intake[event.type] ?? access[event.type];
  if (own) return own(payload, names).slice(0, 500);
  const [, entity = '', fact = ''] = event.type.split('.');
  const [ja, en] = EVENT_TITLES[event.type as keyof typeof EVENT_TITLES] ?? [
    undefined,
    `${entity.replace(/-/g, ' ')} ${fact.replace(/-/g, ' ')}`.trim(),
  ];
  const title = ja ? `${ja} / ${en}` : en;
  const details = detailsOf(payload, names);
  return (details.length ? `${title}: ${details.join('、')}` : title).slice(0, 500);
}
