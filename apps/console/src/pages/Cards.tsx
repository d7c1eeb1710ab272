import { useState, type FormEvent } from 'react';
import { ok, portal } from '../api';
import { Field, Loading, ProblemBanner } from '../components/ui';
import { useAction } from './useAction';
import { useLoad } from './useLoad';

/** J-LIS registers test IC cards into stock: one kind, serials one a line. */
function RegisterCards({ kinds, onDone }: { kinds: { code: string; name: string }[]; onDone: () => void }) {
  const [kind, setKind] = useState('');
  const [serials, setSerials] = useState('');
  const [registered, setRegistered] = useState<string>();
  const { shown, busy, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setRegistered(undefined);
    const list = serials
      .split(/[\s,、]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const done = await run(() =>
      ok(portal().POST('/api/v1/cards', { body: { kind: kind || kinds[0]?.code || '', serials: list } })),
    );
    if (done) {
      setRegistered(`${list.length} 枚を在庫に登録しました。`);
      setSerials('');
      onDone();
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="card" aria-labelledby="register-cards-title">
      <h2 id="register-cards-title">在庫への登録</h2>
      <ProblemBanner shown={shown} />
      {registered && <p role="status">{registered}</p>}
      <Field label="カードの種類" error={shown?.fields.kind}>
        {(p) => (
          <select {...p} value={kind || kinds[0]?.code || ''} onChange={(e) => setKind(e.target.value)}>
            {kinds.map((k) => (
              <option key={k.code} value={k.code}>
                {k.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="シリアル番号(1行に1枚)" error={shown?.fields.serials} hint="例: TEST-0001">
        {(p) => <textarea {...p} rows={4} value={serials} onChange={(e) => setSerials(e.target.value)} />}
      </Field>
      <button type="submit" disabled={busy}>
        {busy ? '登録中…' : '在庫に登録する'}
      </button>
    </form>
  );
}

/** Test IC cards: stock per kind (and what waits for stock), and registering new units. */
export function Cards() {
  const stock = useLoad(() => ok(portal().GET('/api/v1/cards/stock')), 'stock');
  const kinds = useLoad(() => ok(portal().GET('/api/v1/card-kinds')), 'kinds');
  return (
    <>
      <h1>試験用 IC カード</h1>
      <ProblemBanner shown={stock.shown ?? kinds.shown} />
      {!stock.data ? (
        !stock.shown && <Loading />
      ) : (
        <table>
          <caption>種類ごとの在庫</caption>
          <thead>
            <tr>
              <th scope="col">種類</th>
              <th scope="col">在庫</th>
              <th scope="col">割当済み</th>
              <th scope="col">貸出中</th>
              <th scope="col">紛失</th>
              <th scope="col">在庫待ちの枚数</th>
            </tr>
          </thead>
          <tbody>
            {stock.data.items.map((s) => (
              <tr key={s.kind} className={s.low ? 'low' : undefined}>
                <th scope="row">
                  {s.name}
                  {s.low ? '(在庫僅少)' : ''}
                </th>
                <td>{s.inStock}</td>
                <td>{s.allocated}</td>
                <td>{s.out}</td>
                <td>{s.lost}</td>
                <td>{s.waitingDemand}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RegisterCards kinds={(kinds.data?.items ?? []).filter((k) => k.active)} onDone={stock.reload} />
    </>
  );
}
