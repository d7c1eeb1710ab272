import { useState, type FormEvent } from 'react';
import { oidcManager } from '../auth/oidc';
import { session } from '../auth/session';
import { ok, portal } from '../api';
import { Field, ProblemBanner } from '../components/ui';
import { shownProblem, type Shown } from '../problems';
import type { ConsoleSettings } from '../settings';

type Role = 'operator' | 'applicant' | 'contractor';

/** Development: pick who to be (the gateway mints the token only with AUTH_MODE=development). */
function DevelopmentSignIn() {
  const [role, setRole] = useState<Role>('operator');
  const [org, setOrg] = useState('131016');
  const [contractor, setContractor] = useState('');
  const [name, setName] = useState('審査 一郎');
  const [sub, setSub] = useState('');
  const [shown, setShown] = useState<Shown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setShown(undefined);
    try {
      const answer = await ok(
        portal().POST('/api/v1/dev/tokens', {
          body: {
            role,
            ...(role === 'applicant' ? { org } : {}),
            ...(role === 'contractor' ? { contractor } : {}),
            ...(name.trim() ? { name: name.trim() } : {}),
            ...(sub.trim() ? { sub: sub.trim() } : {}),
          },
        }),
      );
      session.set(answer.token);
    } catch (error) {
      setShown(shownProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="card narrow" aria-labelledby="signin-title">
      <h1 id="signin-title">サインイン(開発環境)</h1>
      <p className="hint">開発環境専用です。役割と団体または事業者を選ぶと、その立場で操作できます。</p>
      <ProblemBanner shown={shown} />
      <fieldset>
        <legend>役割</legend>
        {(
          [
            ['operator', 'J-LIS 担当者'],
            ['applicant', '地方公共団体'],
            ['contractor', 'システム事業者'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="choice">
            <input type="radio" name="role" value={value} checked={role === value} onChange={() => setRole(value)} />
            {label}
          </label>
        ))}
      </fieldset>
      {role === 'applicant' && (
        <Field label="団体コード(6桁)" error={shown?.fields.org}>
          {(p) => <input {...p} value={org} onChange={(e) => setOrg(e.target.value)} inputMode="numeric" />}
        </Field>
      )}
      {role === 'contractor' && (
        <Field label="事業者ID" error={shown?.fields.contractor}>
          {(p) => <input {...p} value={contractor} onChange={(e) => setContractor(e.target.value)} />}
        </Field>
      )}
      <Field label="氏名" error={shown?.fields.name} hint="承認や書類に表示される名前です。">
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field
        label="ログインID(省略可)"
        error={shown?.fields.sub}
        hint="二人目の担当者として承認するときは別のIDにします。"
      >
        {(p) => <input {...p} value={sub} onChange={(e) => setSub(e.target.value)} />}
      </Field>
      <button type="submit" disabled={busy}>
        {busy ? 'サインイン中…' : 'サインイン'}
      </button>
    </form>
  );
}

function OidcSignIn({ settings }: { settings: ConsoleSettings }) {
  const [shown, setShown] = useState<Shown>();
  return (
    <div className="card narrow">
      <h1>サインイン</h1>
      <ProblemBanner shown={shown} />
      <p>所属組織の認証サービスでサインインします。</p>
      <button
        type="button"
        onClick={() =>
          void oidcManager(settings)
            .signinRedirect()
            .catch(() => setShown({ message: '認証サービスに接続できませんでした。', fields: {} }))
        }
      >
        認証サービスでサインイン
      </button>
    </div>
  );
}

export function SignIn({ settings }: { settings: ConsoleSettings }) {
  return (
    <main id="main">
      {settings.authMode === 'development' ? <DevelopmentSignIn /> : <OidcSignIn settings={settings} />}
    </main>
  );
}
