import { useEffect, useState, type FormEvent } from 'react';
import type { components } from '@jlis/portal-client';
import { ok, portal } from '../api';
import { Field, Loading, ProblemBanner } from '../components/ui';
import { japanese, shownProblem, type Shown } from '../problems';
import { fieldLabel, fieldValue, type Names } from './fieldText';

type Submission = components['schemas']['SubmissionView'];
interface Reason {
  field: string;
  message: string;
}

/** The uploaded file as a `blob:` URL, shown by the browser's own PDF viewer in a frame (no pdf.js). */
export function FilePreview({ submission }: { submission: Submission }) {
  const [url, setUrl] = useState<string>();
  const [shown, setShown] = useState<Shown>();
  useEffect(() => {
    let made: string | undefined;
    let live = true;
    ok(
      portal().GET('/api/v1/submissions/{sid}/content', {
        params: { path: { sid: submission.id } },
        parseAs: 'blob',
      }),
    )
      .then((blob) => {
        made = URL.createObjectURL(new Blob([blob], { type: submission.file.mediaType }));
        if (live) setUrl(made);
      })
      .catch((error) => live && setShown(shownProblem(error)));
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [submission.id, submission.file.mediaType]);
  if (shown) return <ProblemBanner shown={shown} />;
  if (!url) return <Loading />;
  return (
    <div className="preview">
      {submission.file.mediaType === 'application/pdf' ? (
        <iframe src={url} title={`${submission.form} の提出ファイル(${submission.file.filename})`} />
      ) : null}
      <a href={url} download={submission.file.filename}>
        {submission.file.filename} をダウンロード
      </a>
    </div>
  );
}

/** Accept or return a submission; a return says, per field, what to correct. */
/**
 * The names the review shows instead of ids and codes: spec items, card kinds and provision methods from the
 * catalogues, the case's contractor and its registrations.
 */
function useNames(contractorId?: string | null): Names {
  const [names, setNames] = useState<Names>({});
  useEffect(() => {
    const client = portal();
    const add = (more: Names) => setNames((known) => ({ ...known, ...more }));
    ok(client.GET('/api/v1/forms'))
      .then((forms) =>
        add(Object.fromEntries([...forms.specItems, ...forms.provisionMethods].map((i) => [i.code, i.nameJa]))),
      )
      .catch(() => undefined);
    ok(client.GET('/api/v1/card-kinds'))
      .then((kinds) => add(Object.fromEntries(kinds.items.map((k) => [k.code, k.name]))))
      .catch(() => undefined);
    if (!contractorId) return;
    ok(client.GET('/api/v1/contractors/{cid}', { params: { path: { cid: contractorId } } }))
      .then((c) => add({ [c.id]: c.name }))
      .catch(() => undefined);
    Promise.all([
      ok(client.GET('/api/v1/contractors/{cid}/connections', { params: { path: { cid: contractorId } } })),
      ok(client.GET('/api/v1/connection-methods')),
    ])
      .then(([connections, methods]) => {
        const method = Object.fromEntries(methods.items.map((m) => [m.code, japanese(m.name)]));
        add(
          Object.fromEntries(
            connections.items.map((c) => [
              c.id,
              `${c.environment === 'production' ? '本番環境' : 'テスト環境'} ${method[c.method] ?? c.method} ${c.cidrs.join(', ')}`,
            ]),
          ),
        );
      })
      .catch(() => undefined);
  }, [contractorId]);
  return names;
}

export function Review({
  submission,
  contractorId,
  onDone,
}: {
  submission: Submission;
  contractorId?: string | null;
  onDone: () => void;
}) {
  const names = useNames(contractorId);
  const [decision, setDecision] = useState<'accepted' | 'returned'>('accepted');
  const [reasons, setReasons] = useState<Reason[]>([{ field: '', message: '' }]);
  const [sealConfirmed, setSealConfirmed] = useState(false);
  const [shown, setShown] = useState<Shown>();
  const [busy, setBusy] = useState(false);
  const fieldNames = [...Object.keys(submission.fields ?? {}), 'file'];
  const needsSeal = submission.form === 'A-11-2';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setShown(undefined);
    try {
      const given = reasons
        .filter((r) => r.message.trim())
        .map((r) => ({ message: r.message.trim(), ...(r.field ? { field: r.field } : {}) }));
      await ok(
        portal().POST('/api/v1/submissions/{sid}/review', {
          params: { path: { sid: submission.id } },
          body: {
            decision,
            ...(decision === 'returned' ? { reasons: given } : {}),
            ...(needsSeal ? { sealConfirmed } : {}),
          },
        }),
      );
      onDone();
    } catch (error) {
      setShown(shownProblem(error));
    } finally {
      setBusy(false);
    }
  };
  const setReason = (i: number, change: Partial<Reason>) =>
    setReasons(reasons.map((r, j) => (j === i ? { ...r, ...change } : r)));

  return (
    <section className="card" aria-labelledby="review-title">
      <h2 id="review-title">
        審査: {submission.form}(第{submission.round}回)
      </h2>
      <dl className="facts">
        {Object.entries(submission.fields ?? {}).map(([name, value]) => (
          <div key={name}>
            <dt>{fieldLabel(name)}</dt>
            <dd>{fieldValue(name, value, names)}</dd>
          </div>
        ))}
      </dl>
      <div className="preview-slot">
        <FilePreview submission={submission} />
      </div>
      <form onSubmit={(e) => void submit(e)}>
        <ProblemBanner shown={shown} />
        <fieldset>
          <legend>審査結果</legend>
          <label className="choice">
            <input
              type="radio"
              name="review"
              checked={decision === 'accepted'}
              onChange={() => setDecision('accepted')}
            />
            受理する
          </label>
          <label className="choice">
            <input
              type="radio"
              name="review"
              checked={decision === 'returned'}
              onChange={() => setDecision('returned')}
            />
            差し戻す
          </label>
        </fieldset>
        {needsSeal && (
          <label className="choice">
            <input type="checkbox" checked={sealConfirmed} onChange={(e) => setSealConfirmed(e.target.checked)} />
            役職印を確認した
          </label>
        )}
        {decision === 'returned' && (
          <fieldset>
            <legend>差戻しの理由</legend>
            {reasons.map((reason, i) => (
              <div className="reason" key={i}>
                <Field label={`項目(理由 ${i + 1})`}>
                  {(p) => (
                    <select {...p} value={reason.field} onChange={(e) => setReason(i, { field: e.target.value })}>
                      <option value="">書類全体</option>
                      {fieldNames.map((name) => (
                        <option key={name} value={name}>
                          {fieldLabel(name)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label={`理由 ${i + 1}`} error={shown?.fields[`reasons.${i}.message`] ?? shown?.fields.reasons}>
                  {(p) => (
                    <textarea
                      {...p}
                      rows={2}
                      value={reason.message}
                      onChange={(e) => setReason(i, { message: e.target.value })}
                    />
                  )}
                </Field>
              </div>
            ))}
            <button
              type="button"
              className="secondary"
              onClick={() => setReasons([...reasons, { field: '', message: '' }])}
            >
              理由を追加
            </button>
          </fieldset>
        )}
        <button type="submit" disabled={busy}>
          {busy ? '登録中…' : '審査結果を登録する'}
        </button>
      </form>
    </section>
  );
}
