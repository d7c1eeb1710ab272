import { useState } from 'react';
import { ok, portal } from '../api';
import { Loading, ProblemBanner } from '../components/ui';
import { jst } from '../labels';
import { shownProblem, type Shown } from '../problems';
import { useLoad } from './useLoad';

/** Events a service could not apply or publish, with replay. */
export function DeadLetters() {
  const { data, shown, reload } = useLoad(
    () => ok(portal().GET('/api/v1/admin/dead-letters', { params: { query: { status: 'parked', limit: 100 } } })),
    '',
  );
  const [refused, setRefused] = useState<Shown>();
  const replay = async (id: string) => {
    setRefused(undefined);
    try {
      await ok(portal().POST('/api/v1/admin/dead-letters/{id}/replay', { params: { path: { id } } }));
      reload();
    } catch (error) {
      setRefused(shownProblem(error));
    }
  };
  return (
    <>
      <h1>処理できなかったイベント</h1>
      <ProblemBanner shown={shown ?? refused} />
      {data && data.unavailable.length > 0 && (
        <p role="status">応答しなかったサービス: {data.unavailable.join(', ')}(その分は表示されていません)</p>
      )}
      {!data ? (
        !shown && <Loading />
      ) : data.items.length === 0 ? (
        <p>保留中のイベントはありません。</p>
      ) : (
        <table>
          <caption>保留中(新しい順)</caption>
          <thead>
            <tr>
              <th scope="col">サービス</th>
              <th scope="col">イベント</th>
              <th scope="col">エラー</th>
              <th scope="col">保留日時</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((d) => (
              <tr key={d.id}>
                <td>{d.service}</td>
                <td>{d.event.type}</td>
                <td>{d.error}</td>
                <td>{jst(d.parkedAt)}</td>
                <td>
                  <button type="button" onClick={() => void replay(d.id)}>
                    再処理する
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
