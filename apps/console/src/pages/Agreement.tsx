import { useEffect, useState, type FormEvent } from 'react';
import type { components } from '@jlis/portal-client';
import { ok, portal, PortalProblem, settled } from '../api';
import type { Identity } from '../auth/session';
import { Field, ProblemBanner } from '../components/ui';
import { todayInJapan } from '../labels';
import { shownProblem, type Shown } from '../problems';
import { useAction } from './useAction';

type Agreement = components['schemas']['AgreementView'];

/** J-LIS records the agreement (signed and effective dates, optionally the signed file); again amends it. */
function RecordAgreement({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const [signedOn, setSignedOn] = useState(todayInJapan());
  const [effectiveFrom, setEffectiveFrom] = useState(todayInJapan());
  const [file, setFile] = useState<File>();
  const { shown, busy, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const client = portal();
    const done = await run(() =>
      settled(() =>
        ok(
          client.POST('/api/v1/applications/{id}/agreement', {
            params: { path: { id: caseId } },
            body: { signedOn, effectiveFrom },
            ...(file
              ? {
                  bodySerializer: () => {
                    const data = new FormData();
                    data.set('signedOn', signedOn);
                    data.set('effectiveFrom', effectiveFrom);
                    data.set('file', file, file.name);
                    return data;
                  },
                }
              : {}),
          }),
        ),
      ),
    );
    if (done) onDone();
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="agreement-form-title">
      <h3 id="agreement-form-title">協定の記録</h3>
      <ProblemBanner shown={shown} />
      <Field label="締結日" error={shown?.fields.signedOn}>
        {(p) => <input {...p} type="date" value={signedOn} onChange={(e) => setSignedOn(e.target.value)} />}
      </Field>
      <Field label="効力発生日" error={shown?.fields.effectiveFrom}>
        {(p) => <input {...p} type="date" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} />}
      </Field>
      <Field label="署名済みの協定書(任意、PDF)" error={shown?.fields.file}>
        {(p) => <input {...p} type="file" accept="application/pdf" onChange={(e) => setFile(e.target.files?.[0])} />}
      </Field>
      <button type="submit" disabled={busy}>
        {busy ? '登録中…' : '協定を記録する'}
      </button>
    </form>
  );
}

/** The agreement of the case: the version in force, and for J-LIS the form to record or amend it. */
export function AgreementSection({ caseId, identity }: { caseId: string; identity: Identity }) {
  const [agreement, setAgreement] = useState<Agreement | null>();
  const [shown, setShown] = useState<Shown>();
  const [round, setRound] = useState(0);
  useEffect(() => {
    ok(portal().GET('/api/v1/applications/{id}/agreement', { params: { path: { id: caseId } } }))
      .then(setAgreement)
      // No agreement yet is an answer, not a refusal.
      .catch((error) =>
        error instanceof PortalProblem && error.status === 404 ? setAgreement(null) : setShown(shownProblem(error)),
      );
  }, [caseId, round]);
  return (
    <section aria-labelledby="agreement-title" className="card">
      <h2 id="agreement-title">協定(A-7)</h2>
      <ProblemBanner shown={shown} />
      {agreement === null && <p>協定はまだ記録されていません。</p>}
      {agreement && (
        <p>
          第{agreement.version}版: {agreement.signedOn} 締結、{agreement.effectiveFrom} から効力
          {agreement.file ? '(署名済みの協定書あり)' : ''}
        </p>
      )}
      {identity.role === 'operator' && <RecordAgreement caseId={caseId} onDone={() => setRound(round + 1)} />}
    </section>
  );
}
