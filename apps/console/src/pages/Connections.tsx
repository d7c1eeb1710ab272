import { useState, type FormEvent } from 'react';
import { ok, portal } from '../api';
import { Field, Loading, ProblemBanner } from '../components/ui';
import { ENVIRONMENT, jst } from '../labels';
import { japanese } from '../problems';
import { useAction } from './useAction';
import { useLoad } from './useLoad';

/** A contractor registers a connection (A-8 test, A-11 production): environment, method and address ranges. */
function Register({ contractorId, onDone }: { contractorId: string; onDone: () => void }) {
  const methods = useLoad(() => ok(portal().GET('/api/v1/connection-methods')), 'methods');
  const [environment, setEnvironment] = useState<'test' | 'production'>('test');
  const [method, setMethod] = useState('');
  const [cidrs, setCidrs] = useState('');
  const { shown, busy, run } = useAction();
  const active = (methods.data?.items ?? []).filter((m) => m.active);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await run(() =>
      ok(
        portal().POST('/api/v1/contractors/{cid}/connections', {
          params: { path: { cid: contractorId } },
          body: {
            environment,
            method: method || active[0]?.code || '',
            cidrs: cidrs
              .split(/[\s,、]+/)
              .map((c) => c.trim())
              .filter(Boolean),
          },
        }),
      ),
    );
    if (done) {
      setCidrs('');
      onDone();
    }
  };
  const cidrError = Object.entries(shown?.fields ?? {})
    .filter(([field]) => field.startsWith('cidrs'))
    .map(([, message]) => message)
    .join(' ');
  return (
    <form onSubmit={(e) => void submit(e)} className="card" aria-labelledby="register-connection-title">
      <h2 id="register-connection-title">接続の登録</h2>
      <ProblemBanner shown={shown ?? methods.shown} />
      <fieldset>
        <legend>環境</legend>
        {(['test', 'production'] as const).map((env) => (
          <label key={env} className="choice">
            <input type="radio" name="environment" checked={environment === env} onChange={() => setEnvironment(env)} />
            {ENVIRONMENT[env]}
          </label>
        ))}
      </fieldset>
      <Field label="接続方法" error={shown?.fields.method}>
        {(p) => (
          <select {...p} value={method || active[0]?.code || ''} onChange={(e) => setMethod(e.target.value)}>
            {active.map((m) => (
              <option key={m.code} value={m.code}>
                {japanese(m.name)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="接続元のアドレス範囲(CIDR、1行に1つ)" error={cidrError || undefined} hint="例: 192.0.2.0/28">
        {(p) => <textarea {...p} rows={3} value={cidrs} onChange={(e) => setCidrs(e.target.value)} />}
      </Field>
      <button type="submit" disabled={busy}>
        {busy ? '登録中…' : '接続を登録する'}
      </button>
    </form>
  );
}

/** A contractor's connection registrations (A-08-1 names one of them) and the cases using each. */
export function Connections({ contractorId }: { contractorId: string }) {
  const methods = useLoad(() => ok(portal().GET('/api/v1/connection-methods')), 'methods');
  const methodName = (code: string) => {
    const found = methods.data?.items.find((m) => m.code === code);
    return found ? japanese(found.name) : code;
  };
  const { data, shown, reload } = useLoad(
    () => ok(portal().GET('/api/v1/contractors/{cid}/connections', { params: { path: { cid: contractorId } } })),
    contractorId,
  );
  return (
    <>
      <h1>接続の登録</h1>
      <ProblemBanner shown={shown} />
      {!data ? (
        !shown && <Loading />
      ) : data.items.length === 0 ? (
        <p>登録された接続はまだありません。</p>
      ) : (
        <table>
          <caption>登録済みの接続</caption>
          <thead>
            <tr>
              <th scope="col">環境</th>
              <th scope="col">接続方法</th>
              <th scope="col">アドレス範囲</th>
              <th scope="col">利用している申請</th>
              <th scope="col">登録日時</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((c) => (
              <tr key={c.id}>
                <td>
                  {ENVIRONMENT[c.environment]}
                  {c.withdrawnAt ? '(取下げ済み)' : ''}
                </td>
                <td>{methodName(c.method)}</td>
                <td>{c.cidrs.join(', ')}</td>
                <td>{c.linkedCases} 件</td>
                <td>{jst(c.registeredAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Register contractorId={contractorId} onDone={reload} />
    </>
  );
}
