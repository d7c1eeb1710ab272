import { useEffect, useState, type FormEvent } from 'react';
import type { components } from '@jlis/portal-client';
import { ok, portal } from '../api';
import type { Identity } from '../auth/session';
import { Field, Loading, ProblemBanner } from '../components/ui';
import { ACTOR, CASE_STATUS, jst, STEPS, VERIFIER_KIND } from '../labels';
import { japanese, shownProblem, type Shown } from '../problems';
import { Link } from '../router';

type Summary = components['schemas']['CaseSummaryView'];
type Status = NonNullable<Summary['status']>;
type Step = (typeof STEPS)[number];

export interface QueueFilter {
  q: string;
  step: '' | Step;
  status: '' | Status;
  organizationCode: string;
  contractorId: string;
  kind: '' | 'signature' | 'user-certificate';
  waitingForOperator: boolean;
}

export const EMPTY_FILTER: QueueFilter = {
  q: '',
  step: '',
  status: '',
  organizationCode: '',
  contractorId: '',
  kind: '',
  waitingForOperator: true,
};

/** Whole days since `iso` (calendar days in Japan's time; the age of a waiting case). */
export function ageInDays(iso: string, now = new Date()): number {
  const day = (d: Date) => Math.floor((d.getTime() + 9 * 3600_000) / 86_400_000);
  return day(now) - day(new Date(iso));
}

/**
 * The queue's order and the filter the API has no parameter for: oldest request first (the desk works the longest
 * waiting case first), and the verifier kind.
 */
export function arrange(items: Summary[], kind: QueueFilter['kind']): Summary[] {
  return items
    .filter((c) => !kind || c.verifierKinds.includes(kind))
    .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt) || a.receptionNumber.localeCompare(b.receptionNumber));
}

function CaseTable({ items, caption }: { items: Summary[]; caption: string }) {
  if (!items.length) return <p>該当する申請はありません。</p>;
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">受付番号</th>
          <th scope="col">団体</th>
          <th scope="col">種別</th>
          <th scope="col">状態</th>
          <th scope="col">次の対応</th>
          <th scope="col">受付日時</th>
          <th scope="col">経過日数</th>
        </tr>
      </thead>
      <tbody>
        {items.map((c) => (
          <tr key={c.id}>
            <td>
              <Link to={`/cases/${c.id}`}>{c.receptionNumber}</Link>
            </td>
            <td>
              {c.organizationName}({c.organizationCode})
            </td>
            <td>{c.verifierKinds.map((k) => VERIFIER_KIND[k]).join('・')}</td>
            <td>{CASE_STATUS[c.status]}</td>
            <td>
              {c.nextActions.map((a) => (
                <div key={`${a.step}-${a.action}`}>
                  {a.step} {ACTOR[a.actor]}: {japanese(a.action)}
                </div>
              ))}
            </td>
            <td>{jst(c.requestedAt)}</td>
            <td>{ageInDays(c.requestedAt)} 日</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function useCases(query: Record<string, string | undefined>) {
  const [items, setItems] = useState<Summary[]>();
  const [shown, setShown] = useState<Shown>();
  const key = JSON.stringify(query);
  useEffect(() => {
    let live = true;
    setShown(undefined);
    ok(portal().GET('/api/v1/applications', { params: { query: { limit: 200, ...JSON.parse(key) } } }))
      .then((page) => live && setItems(page.items))
      .catch((error) => live && setShown(shownProblem(error)));
    return () => {
      live = false;
    };
  }, [key]);
  return { items, shown };
}

/** J-LIS's desk: the cases waiting for J-LIS, oldest first, with filters and search by 受付番号, name or code. */
export function OperatorQueue() {
  const [draft, setDraft] = useState<QueueFilter>(EMPTY_FILTER);
  const [filter, setFilter] = useState<QueueFilter>(EMPTY_FILTER);
  const { items, shown } = useCases({
    q: filter.q || undefined,
    step: filter.step || undefined,
    status: filter.status || undefined,
    organizationCode: filter.organizationCode || undefined,
    contractorId: filter.contractorId || undefined,
    waitingFor: filter.waitingForOperator ? 'operator' : undefined,
  });
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilter(draft);
  };
  const set = <K extends keyof QueueFilter>(key: K, value: QueueFilter[K]) => setDraft({ ...draft, [key]: value });
  return (
    <>
      <h1>作業一覧</h1>
      <form className="filters" onSubmit={apply} role="search" aria-label="申請の検索">
        <Field label="受付番号・団体名・コード" error={shown?.fields.q}>
          {(p) => <input {...p} type="search" value={draft.q} onChange={(e) => set('q', e.target.value)} />}
        </Field>
        <Field label="手順">
          {(p) => (
            <select {...p} value={draft.step} onChange={(e) => set('step', e.target.value as QueueFilter['step'])}>
              <option value="">すべて</option>
              {STEPS.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="状態">
          {(p) => (
            <select
              {...p}
              value={draft.status}
              onChange={(e) => set('status', e.target.value as QueueFilter['status'])}
            >
              <option value="">すべて</option>
              {Object.entries(CASE_STATUS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="団体コード" error={shown?.fields.organizationCode}>
          {(p) => (
            <input {...p} value={draft.organizationCode} onChange={(e) => set('organizationCode', e.target.value)} />
          )}
        </Field>
        <Field label="種別">
          {(p) => (
            <select {...p} value={draft.kind} onChange={(e) => set('kind', e.target.value as QueueFilter['kind'])}>
              <option value="">すべて</option>
              <option value="signature">署名検証者</option>
              <option value="user-certificate">利用者証明検証者</option>
            </select>
          )}
        </Field>
        <Field label="事業者ID" error={shown?.fields.contractorId}>
          {(p) => <input {...p} value={draft.contractorId} onChange={(e) => set('contractorId', e.target.value)} />}
        </Field>
        <label className="choice">
          <input
            type="checkbox"
            checked={draft.waitingForOperator}
            onChange={(e) => set('waitingForOperator', e.target.checked)}
          />
          J-LIS の対応待ちのみ
        </label>
        <button type="submit">絞り込む</button>
      </form>
      <ProblemBanner shown={shown} />
      {items ? <CaseTable items={arrange(items, filter.kind)} caption="申請(受付の古い順)" /> : !shown && <Loading />}
    </>
  );
}

/** A local government's or a contractor's own cases. */
export function OwnCases({ identity }: { identity: Identity }) {
  const { items, shown } = useCases({});
  return (
    <>
      <h1>{identity.role === 'applicant' ? '申請一覧' : '担当している申請'}</h1>
      {identity.role === 'applicant' && (
        <p>
          <Link to="/cases/new" className="button">
            手続開始を依頼する(A-1)
          </Link>
        </p>
      )}
      <ProblemBanner shown={shown} />
      {items ? <CaseTable items={arrange(items, '')} caption="申請" /> : !shown && <Loading />}
    </>
  );
}
