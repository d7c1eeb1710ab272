import {
  AccessEvents,
  ApplicationEventPayload,
  DecisionPayload,
  EventEnvelope,
  IntakeEvents,
  IntakeReminderEvents,
  verifierKindsJa,
  verifierRoleJa,
} from '@jlis/contracts';

type Summarise = (payload: Record<string, unknown>) => string;

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
  [IntakeEvents.ApplicationContractorNamed]: (p) => {
    const a = p as unknown as ApplicationEventPayload;
    return `システム受託者を指定 / contractor named: ${a.application.contractorId ?? '-'}${a.previousContractorId ? ` (was ${a.previousContractorId})` : ''}`;
  },
  [IntakeEvents.ApplicationContactsChanged]: (p) =>
    `連絡先を更新 / contacts changed: ${(p as unknown as ApplicationEventPayload).application.contacts.map((c) => `${c.role} ${c.name}`).join(', ')}`,
  [IntakeReminderEvents.CaseStalled]: (p) =>
    `ご対応のお願いをお送りしました（${String(p.businessDaysStalled)}営業日お動きなし） / reminder sent: no step for ${String(p.businessDaysStalled)} business days`,
  [IntakeEvents.ApplicationStatusChanged]: (p) => {
    const a = p as unknown as ApplicationEventPayload;
    return `状態 / status → ${a.application.status}${a.reason ? `: ${a.reason}` : ''}`;
  },
};

const DECISION_JA: Record<string, string> = {
  'production-grant': '本番環境のアクセス権設定',
  suspension: 'アクセス権の停止',
  revocation: 'アクセス権の取消',
};

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
    return `${DECISION_JA[d.kind] ?? d.kind}を提案 / ${d.kind} proposed: 提案者 ${signed(d.proposedBy)}`;
  },
  [AccessEvents.DecisionApproved]: (p) => {
    const d = p as unknown as DecisionPayload;
    const approvers = (d.approvedBy ?? []).map(signed).join('、');
    return `${DECISION_JA[d.kind] ?? d.kind}を承認 / ${d.kind} approved: 提案者 ${signed(d.proposedBy)}、承認者 ${approvers}${d.approvalNumber ? `、承認番号 ${d.approvalNumber}` : ''}`;
  },
};

/**
 * A one-line summary of any event for the case timeline. Intake's own events have their own sentences;
 * events of other services are described generically from the type and the usual payload fields, so a
 * new event type shows up sensibly without a change here.
 */
export function summarise(event: EventEnvelope): string {
  const payload: Record<string, unknown> = event.payload ?? {};
  const own = intake[event.type] ?? access[event.type];
  if (own) return own(payload).slice(0, 500);
  const [, entity = '', fact = ''] = event.type.split('.');
  const parts = [`${entity.replace(/-/g, ' ')} ${fact.replace(/-/g, ' ')}`.trim()];
  const details: string[] = [];
  for (const key of ['form', 'environment', 'status', 'medium', 'subject', 'reason']) {
    const value = str(payload[key]);
    if (value) details.push(key === 'form' ? value : `${key} ${value}`);
  }
  if (typeof payload.round === 'number' && payload.round > 1) details.push(`round ${payload.round}`);
  for (const key of ['effectiveOn', 'effectiveFrom', 'shippedOn', 'receivedOn', 'completedOn']) {
    const value = str(payload[key]);
    if (value) details.push(`${key} ${value}`);
  }
  const items: unknown = payload.items;
  if (Array.isArray(items) && items.every((i) => typeof i === 'string')) details.push(items.join(', '));
  return (details.length ? `${parts[0]}: ${details.join(', ')}` : parts[0]).slice(0, 500);
}
