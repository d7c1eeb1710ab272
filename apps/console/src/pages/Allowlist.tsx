import { useState, type FormEvent } from 'react';
import { ok, portal } from '../api';
import { Field, Loading, ProblemBanner } from '../components/ui';
import { shownProblem, type Shown } from '../problems';
import { useLoad } from './useLoad';

/** Today in Japan, YYYY-MM-DD. */
export const todayInJapan = (now = new Date()) => new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10);

/** What the network team configures on a date, with its CSV. */
export function Allowlist() {
  const [draft, setDraft] = useState({ environment: 'production' as 'production' | 'test', date: todayInJapan() });
  const [query, setQuery] = useState(draft);
  const [downloadShown, setDownloadShown] = useState<Shown>();
  const { data, shown } = useLoad(
    () => ok(portal().GET('/api/v1/access/allowlist', { params: { query: { ...query, format: 'json' } } })),
    JSON.stringify(query),
  );
  const download = async () => {
    setDownloadShown(undefined);
    try {
      const csv = await ok(
        portal().GET('/api/v1/access/allowlist', { params: { query: { ...query, format: 'csv' } }, parseAs: 'blob' }),
      );
      const url = URL.createObjectURL(csv);
      const link = document.createElement('a');
      link.href = url;
      link.download = `allowlist-${query.environment}-${query.date}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setDownloadShown(shownProblem(error));
    }
  };
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setQuery(draft);
  };
  return (
    <>
      <h1>接続許可リスト</h1>
      <form className="filters" onSubmit={apply}>
        <Field label="環境">
          {(p) => (
            <select
              {...p}
              value={draft.environment}
              onChange={(e) => setDraft({ ...draft, environment: e.target.value as 'production' | 'test' })}
            >
              <option value="production">本番</option>
              <option value="test">テスト</option>
            </select>
          )}
        </Field>
        <Field label="日付" error={shown?.fields.date}>
          {(p) => (
            <input
              {...p}
              type="date"
              value={draft.date}
              onChange={(e) => setDraft({ ...draft, date: e.target.value })}
            />
          )}
        </Field>
        <button type="submit">表示する</button>
        <button type="button" className="secondary" onClick={() => void download()}>
          CSV をダウンロード
        </button>
      </form>
      <ProblemBanner shown={shown ?? downloadShown} />
      {!data ? (
        !shown && <Loading />
      ) : data.entries.length === 0 ? (
        <p>この日に許可する接続はありません。</p>
      ) : (
        <table>
          <caption>
            {data.date} の{data.environment === 'production' ? '本番' : 'テスト'}環境
          </caption>
          <thead>
            <tr>
              <th scope="col">CIDR</th>
              <th scope="col">接続方法</th>
              <th scope="col">事業者</th>
              <th scope="col">申請</th>
              <th scope="col">有効期間</th>
            </tr>
          </thead>
          <tbody>
            {data.entries.map((e) => (
              <tr key={`${e.cidr}-${e.effectiveFrom}`}>
                <td>{e.cidr}</td>
                <td>{e.method ?? ''}</td>
                <td>{e.contractorName ?? ''}</td>
                <td>{e.cases.length} 件</td>
                <td>
                  {e.effectiveFrom} 〜 {e.effectiveUntil ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
