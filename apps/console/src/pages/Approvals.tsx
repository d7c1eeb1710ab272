import { useState } from 'react';
import { ok, portal } from '../api';
import { Loading, ProblemBanner } from '../components/ui';
import { jst } from '../labels';
import { shownProblem, type Shown } from '../problems';
import { Link } from '../router';
import { useLoad } from './useLoad';

const KIND: Record<string, string> = { 'production-grant': '本番接続の承認', suspension: '停止', revocation: '取消' };

/** Two-person decisions waiting for a second operator, oldest first. */
export function Approvals() {
  const { data, shown, reload } = useLoad(
    () => ok(portal().GET('/api/v1/access-decisions', { params: { query: { status: 'proposed' } } })),
    'proposed',
  );
  const [refused, setRefused] = useState<Shown>();
  const approve = async (decisionId: string) => {
    setRefused(undefined);
    try {
      await ok(portal().POST('/api/v1/access-decisions/{decisionId}/approval', { params: { path: { decisionId } } }));
      reload();
    } catch (error) {
      setRefused(shownProblem(error));
    }
  };
  return (
    <>
      <h1>承認待ち</h1>
      <ProblemBanner shown={shown ?? refused} />
      {!data ? (
        !shown && <Loading />
      ) : data.items.length === 0 ? (
        <p>承認を待っている判断はありません。</p>
      ) : (
        <table>
          <caption>二人目の承認を待っている判断(古い順)</caption>
          <thead>
            <tr>
              <th scope="col">内容</th>
              <th scope="col">申請</th>
              <th scope="col">起案</th>
              <th scope="col">承認</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((d) => (
              <tr key={d.id}>
                <td>
                  {KIND[d.kind]}
                  {d.reason ? `(${d.reason})` : ''}
                </td>
                <td>
                  <Link to={`/cases/${d.applicationId}`}>申請を開く</Link>
                </td>
                <td>
                  {d.proposedBy.name} {jst(d.proposedBy.at)}
                </td>
                <td>
                  {d.approvedBy.length + 1} / {d.approvalsRequired} 人
                </td>
                <td>
                  <button type="button" onClick={() => void approve(d.id)}>
                    承認する
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
