import { useState, type FormEvent } from 'react';
import { ok, portal } from '../api';
import type { Identity } from '../auth/session';
import { Field, ProblemBanner } from '../components/ui';
import { shownProblem, type Shown } from '../problems';
import { useRouter } from '../router';

/** A-1 手続開始依頼: the start request of a local government. */
export function NewCase({ identity }: { identity: Identity }) {
  const { go } = useRouter();
  const [organizationCode, setOrganizationCode] = useState(identity.org ?? '');
  const [verifierName, setVerifierName] = useState('');
  const [kinds, setKinds] = useState<('signature' | 'user-certificate')[]>(['signature']);
  const [department, setDepartment] = useState('');
  const [contact, setContact] = useState({ name: '', phone: '', email: '' });
  const [wantsOnlineTest, setWantsOnlineTest] = useState(true);
  const [shown, setShown] = useState<Shown>();
  const [busy, setBusy] = useState(false);
  // One key per filled-in request: pressing again after a lost answer does not open a second case.
  const [key] = useState(() => crypto.randomUUID());

  const toggle = (kind: 'signature' | 'user-certificate', on: boolean) =>
    setKinds(on ? [...kinds.filter((k) => k !== kind), kind] : kinds.filter((k) => k !== kind));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setShown(undefined);
    try {
      const created = await ok(
        portal().POST('/api/v1/applications', {
          body: { organizationCode, verifierName, verifierKinds: kinds, department, contact, wantsOnlineTest },
          params: { header: { 'Idempotency-Key': key } },
        }),
      );
      go(`/cases/${created.id}`);
    } catch (error) {
      setShown(shownProblem(error));
    } finally {
      setBusy(false);
    }
  };
  const err = (field: string) => shown?.fields[field];

  return (
    <form onSubmit={(e) => void submit(e)} className="card" aria-labelledby="new-case-title" noValidate>
      <h1 id="new-case-title">手続開始の依頼(A-1)</h1>
      <p className="hint">送信すると J-LIS に依頼のメールが届き、受付番号が発行されます。</p>
      <ProblemBanner shown={shown} />
      <Field label="団体コード(6桁)" error={err('organizationCode')}>
        {(p) => (
          <input
            {...p}
            value={organizationCode}
            readOnly={identity.role === 'applicant'}
            onChange={(e) => setOrganizationCode(e.target.value)}
          />
        )}
      </Field>
      <Field label="署名検証者名" error={err('verifierName')}>
        {(p) => <input {...p} value={verifierName} onChange={(e) => setVerifierName(e.target.value)} />}
      </Field>
      <fieldset aria-describedby={err('verifierKinds') ? 'kinds-error' : undefined}>
        <legend>検証者の種別</legend>
        <label className="choice">
          <input
            type="checkbox"
            checked={kinds.includes('signature')}
            onChange={(e) => toggle('signature', e.target.checked)}
          />
          署名検証者
        </label>
        <label className="choice">
          <input
            type="checkbox"
            checked={kinds.includes('user-certificate')}
            onChange={(e) => toggle('user-certificate', e.target.checked)}
          />
          利用者証明検証者
        </label>
        {err('verifierKinds') && (
          <p id="kinds-error" className="field-error">
            {err('verifierKinds')}
          </p>
        )}
      </fieldset>
      <Field label="部署" error={err('department')}>
        {(p) => <input {...p} value={department} onChange={(e) => setDepartment(e.target.value)} />}
      </Field>
      <fieldset>
        <legend>担当者</legend>
        <Field label="氏名" error={err('contact.name')}>
          {(p) => (
            <input {...p} value={contact.name} onChange={(e) => setContact({ ...contact, name: e.target.value })} />
          )}
        </Field>
        <Field label="電話番号" error={err('contact.phone')}>
          {(p) => (
            <input
              {...p}
              type="tel"
              value={contact.phone}
              onChange={(e) => setContact({ ...contact, phone: e.target.value })}
            />
          )}
        </Field>
        <Field label="メールアドレス" error={err('contact.email')}>
          {(p) => (
            <input
              {...p}
              type="email"
              value={contact.email}
              onChange={(e) => setContact({ ...contact, email: e.target.value })}
            />
          )}
        </Field>
      </fieldset>
      <label className="choice">
        <input type="checkbox" checked={wantsOnlineTest} onChange={(e) => setWantsOnlineTest(e.target.checked)} />
        オンラインテスト環境を利用する
      </label>
      <button type="submit" disabled={busy}>
        {busy ? '送信中…' : '依頼を送信する'}
      </button>
    </form>
  );
}
