import { useState, type FormEvent } from 'react';
import { ok, portal, PortalProblem } from '../api';
import type { Identity } from '../auth/session';
import { Field, Loading, ProblemBanner } from '../components/ui';
import { jst } from '../labels';
import { shownProblem, type Shown } from '../problems';
import { useLoad } from './useLoad';

/** Answers a question (operators). */
function Answer({ questionId, onDone }: { questionId: string; onDone: () => void }) {
  const [body, setBody] = useState('');
  const [shown, setShown] = useState<Shown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShown(undefined);
    try {
      await ok(
        portal().POST('/api/v1/questions/{qid}/answers', { params: { path: { qid: questionId } }, body: { body } }),
      );
      setBody('');
      onDone();
    } catch (error) {
      setShown(shownProblem(error));
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)}>
      <ProblemBanner shown={shown} />
      <Field label="回答" error={shown?.fields.body}>
        {(p) => <textarea {...p} rows={2} value={body} onChange={(e) => setBody(e.target.value)} />}
      </Field>
      <button type="submit">回答する</button>
    </form>
  );
}

/** Asks J-LIS a question about the case (applicants). */
function Ask({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [shown, setShown] = useState<Shown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShown(undefined);
    try {
      await ok(
        portal().POST('/api/v1/applications/{id}/questions', {
          params: { path: { id: caseId } },
          body: { subject, body },
        }),
      );
      setSubject('');
      setBody('');
      onDone();
    } catch (error) {
      setShown(shownProblem(error));
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="ask-title">
      <h3 id="ask-title">質問する</h3>
      <ProblemBanner shown={shown} />
      <Field label="件名" error={shown?.fields.subject}>
        {(p) => <input {...p} value={subject} onChange={(e) => setSubject(e.target.value)} />}
      </Field>
      <Field label="質問の内容" error={shown?.fields.body}>
        {(p) => <textarea {...p} rows={3} value={body} onChange={(e) => setBody(e.target.value)} />}
      </Field>
      <button type="submit">質問を送る</button>
    </form>
  );
}

/** 質疑応答 (A-7 and after): questions of the case with their answers; applicants ask, operators answer. */
export function Questions({ caseId, identity }: { caseId: string; identity: Identity }) {
  const [round, setRound] = useState(0);
  const { data, shown } = useLoad(
    () =>
      ok(portal().GET('/api/v1/applications/{id}/questions', { params: { path: { id: caseId } } })).catch(
        (error: unknown) => {
          if (error instanceof PortalProblem && error.code === 'CONTRACTOR_NDA_REQUIRED') {
            throw new Error('秘密保持契約の確認が済むまで表示できません。');
          }
          throw error;
        },
      ),
    `${caseId}-${round}`,
  );
  const again = () => setRound(round + 1);
  return (
    <section aria-labelledby="questions-title" className="card">
      <h2 id="questions-title">質疑応答</h2>
      <ProblemBanner shown={shown} />
      {!data ? (
        !shown && <Loading />
      ) : data.items.length === 0 ? (
        <p>質問はまだありません。</p>
      ) : (
        <ul className="questions">
          {data.items.map((q) => (
            <li key={q.id}>
              <p>
                <strong>
                  {q.number} {q.subject}
                </strong>{' '}
                ({jst(q.askedAt)}・{q.status === 'answered' ? '回答済み' : '未回答'})
              </p>
              <p>{q.body}</p>
              {q.answers.map((a) => (
                <p key={a.id} className="answer">
                  回答({jst(a.answeredAt)}): {a.body}
                </p>
              ))}
              {identity.role === 'operator' && q.status === 'open' && <Answer questionId={q.id} onDone={again} />}
            </li>
          ))}
        </ul>
      )}
      {identity.role === 'applicant' && <Ask caseId={caseId} onDone={again} />}
    </section>
  );
}
