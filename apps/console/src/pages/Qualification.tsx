import { useState, type FormEvent } from 'react';
import { ok, portal } from '../api';
import { Field, ProblemBanner } from '../components/ui';
import { shownProblem, type Shown } from '../problems';

/** J-LIS decides whether the local government qualifies (a reason is required to reject). */
export function Qualification({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const [decision, setDecision] = useState<'qualified' | 'rejected'>('qualified');
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState<Shown>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setShown(undefined);
    try {
      await ok(
        portal().POST('/api/v1/applications/{id}/qualification', {
          params: { path: { id: caseId } },
          body: { decision, ...(reason.trim() ? { reason: reason.trim() } : {}) },
        }),
      );
      onDone();
    } catch (error) {
      setShown(shownProblem(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="card" aria-labelledby="qualification-title">
      <h2 id="qualification-title">適格性の判断(A-2)</h2>
      <ProblemBanner shown={shown} />
      <fieldset>
        <legend>判断</legend>
        <label className="choice">
          <input
            type="radio"
            name="decision"
            checked={decision === 'qualified'}
            onChange={() => setDecision('qualified')}
          />
          適格
        </label>
        <label className="choice">
          <input
            type="radio"
            name="decision"
            checked={decision === 'rejected'}
            onChange={() => setDecision('rejected')}
          />
          不適格
        </label>
      </fieldset>
      <Field label="理由(不適格の場合は必須)" error={shown?.fields.reason}>
        {(p) => <textarea {...p} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />}
      </Field>
      <button type="submit" disabled={busy}>
        {busy ? '登録中…' : '判断を登録する'}
      </button>
    </form>
  );
}
