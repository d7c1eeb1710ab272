import { ok, portal } from '../api';
import { Loading, ProblemBanner } from '../components/ui';
import { jst } from '../labels';
import { useLoad } from './useLoad';

const STATUS: Record<string, string> = { pending: '送信待ち', sent: '送信済み', failed: '送信失敗' };

/** Every mail as sent, newest first, with its delivery status. */
export function MailLog() {
  const { data, shown } = useLoad(
    () => ok(portal().GET('/api/v1/notifications', { params: { query: { limit: 100 } } })),
    '',
  );
  return (
    <>
      <h1>メール送信記録</h1>
      <ProblemBanner shown={shown} />
      {!data ? (
        !shown && <Loading />
      ) : (
        <table>
          <caption>新しい順(最大 100 件)</caption>
          <thead>
            <tr>
              <th scope="col">件名</th>
              <th scope="col">宛先</th>
              <th scope="col">状態</th>
              <th scope="col">日時</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((m) => (
              <tr key={m.id}>
                <td>
                  <details>
                    <summary>{m.subject}</summary>
                    <pre className="mail">{m.body}</pre>
                  </details>
                </td>
                <td>{m.to.join(', ')}</td>
                <td>{STATUS[m.status]}</td>
                <td>{jst(m.sentAt ?? m.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
