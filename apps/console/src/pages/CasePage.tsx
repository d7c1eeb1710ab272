import { useCallback, useEffect, useState } from 'react';
import type { components } from '@jlis/portal-client';
import { ok, portal, PortalProblem } from '../api';
import type { Identity } from '../auth/session';
import { Loading, ProblemBanner } from '../components/ui';
import { ACTOR, CASE_STATUS, jst, STEP_STATUS, SUBMISSION_STATUS, VERIFIER_KIND } from '../labels';
import { japanese, shownProblem, type Shown } from '../problems';
import { AccessGrants } from './Access';
import { AgreementSection } from './Agreement';
import { CardLoans } from './CardLoans';
import { CaseContractor } from './CaseContractor';
import { Disclosures } from './Disclosures';
import { fieldLabel } from './fieldText';
import { Qualification } from './Qualification';
import { Questions } from './Questions';
import { Review } from './Review';
import { SpecDeliveries } from './SpecDeliveries';
import { SubmitForm } from './SubmitForm';

type CaseView = components['schemas']['CaseView'];
type Submission = components['schemas']['SubmissionView'];
type Timeline = components['schemas']['TimelineEntryView'];

/** A part of the page a contractor may not see yet (its NDA does not cover the case): said so, not an error. */
function partOf<T>(promise: Promise<T>): Promise<T | Shown> {
  return promise.catch((error: unknown) =>
    error instanceof PortalProblem && error.code === 'CONTRACTOR_NDA_REQUIRED'
      ? { message: '秘密保持契約の確認が済むまで表示できません。', fields: {} }
      : shownProblem(error),
  );
}
const isShown = (value: unknown): value is Shown => typeof value === 'object' && value !== null && 'fields' in value;

function Steps({ view }: { view: CaseView }) {
  return (
    <table>
      <caption>手順の状況</caption>
      <thead>
        <tr>
          <th scope="col">手順</th>
          <th scope="col">状況</th>
          <th scope="col">日時</th>
        </tr>
      </thead>
      <tbody>
        {view.steps.map((step) => (
          <tr key={step.code} className={`step-${step.status}`}>
            <th scope="row">{step.code}</th>
            <td>{STEP_STATUS[step.status]}</td>
            <td>{step.effectiveOn ? `${step.effectiveOn} から` : jst(step.at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Submissions({ items, onReview }: { items: Submission[]; onReview?: (s: Submission) => void }) {
  if (!items.length) return <p>提出された書類はまだありません。</p>;
  return (
    <table>
      <caption>提出書類</caption>
      <thead>
        <tr>
          <th scope="col">様式</th>
          <th scope="col">回</th>
          <th scope="col">状態</th>
          <th scope="col">提出日時</th>
          <th scope="col">差戻し理由</th>
          {onReview && <th scope="col">操作</th>}
        </tr>
      </thead>
      <tbody>
        {items.map((s) => (
          <tr key={s.id}>
            <td>{s.form}</td>
            <td>{s.round}</td>
            <td>{SUBMISSION_STATUS[s.status]}</td>
            <td>{jst(s.submittedAt)}</td>
            <td>
              {s.review?.decision === 'returned' &&
                s.review.reasons.map((r, i) => (
                  <div key={i}>
                    {r.field ? `${fieldLabel(r.field)}: ` : ''}
                    {r.message}
                  </div>
                ))}
            </td>
            {onReview && (
              <td>
                {s.status === 'received' && (
                  <button type="button" onClick={() => onReview(s)}>
                    {s.form} を審査する
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One case: every step, what is next and for whom, the submissions, the timeline; and what the reader may do. */
export function CasePage({ id, identity }: { id: string; identity: Identity }) {
  const [view, setView] = useState<CaseView>();
  const [submissions, setSubmissions] = useState<Submission[] | Shown>();
  const [timeline, setTimeline] = useState<Timeline[] | Shown>();
  const [shown, setShown] = useState<Shown>();
  const [reviewing, setReviewing] = useState<Submission>();
  // Bumped on every load, so the sections that load themselves (loans, access) load again with the page.
  const [round, setRound] = useState(0);

  const load = useCallback(async () => {
    const client = portal();
    setRound((r) => r + 1);
    try {
      const [v, s, t] = await Promise.all([
        ok(client.GET('/api/v1/applications/{id}', { params: { path: { id } } })),
        partOf(
          ok(client.GET('/api/v1/applications/{id}/submissions', { params: { path: { id }, query: { limit: 200 } } })),
        ),
        partOf(
          ok(client.GET('/api/v1/applications/{id}/timeline', { params: { path: { id }, query: { limit: 500 } } })),
        ),
      ]);
      setView(v);
      setSubmissions(isShown(s) ? s : s.items);
      setTimeline(isShown(t) ? t : t.items);
    } catch (error) {
      setShown(shownProblem(error));
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  if (shown) return <ProblemBanner shown={shown} />;
  if (!view) return <Loading />;
  const operator = identity.role === 'operator';
  const a2Open = view.steps.some((s) => s.code === 'A-2' && s.status === 'open');
  // Spec delivery and the agreement follow qualification (the services say when a step's preconditions are missing).
  const qualified = view.steps.some((s) => s.code === 'A-2' && s.status === 'done');
  const afterAction = () => {
    setReviewing(undefined);
    void load();
  };

  return (
    <>
      <h1>
        {view.receptionNumber} {view.organizationName}
      </h1>
      <p>
        <button type="button" className="secondary" onClick={() => void load()}>
          最新の情報に更新
        </button>
      </p>
      <dl className="facts">
        <div>
          <dt>状態</dt>
          <dd>{CASE_STATUS[view.status]}</dd>
        </div>
        <div>
          <dt>検証者</dt>
          <dd>
            {view.verifierName}({view.verifierKinds.map((k) => VERIFIER_KIND[k]).join('・')})
          </dd>
        </div>
        <div>
          <dt>部署</dt>
          <dd>{view.department}</dd>
        </div>
        <div>
          <dt>受付日時</dt>
          <dd>{jst(view.requestedAt)}</dd>
        </div>
      </dl>

      <section aria-labelledby="next-title">
        <h2 id="next-title">次の対応</h2>
        {view.nextActions.length ? (
          <ul>
            {view.nextActions.map((a) => (
              <li key={`${a.step}-${a.action}`}>
                {a.step}({ACTOR[a.actor]}): {japanese(a.action)}
              </li>
            ))}
          </ul>
        ) : (
          <p>いまは必要な対応はありません。</p>
        )}
      </section>

      {operator && a2Open && <Qualification caseId={id} onDone={afterAction} />}

      <div className="columns">
        <section aria-labelledby="steps-title">
          <h2 id="steps-title">手順</h2>
          <Steps view={view} />
        </section>
        <CaseContractor
          key={`contractor-${round}`}
          caseId={id}
          contractorId={view.contractorId}
          identity={identity}
          onDone={afterAction}
        />
        <section aria-labelledby="contacts-title">
          <h2 id="contacts-title">連絡先</h2>
          <ul>
            {view.contacts.map((c) => (
              <li key={`${c.role}-${c.email}`}>
                {c.name}({c.department ?? ''}) {c.phone} {c.email}
              </li>
            ))}
          </ul>
        </section>
      </div>

      <section aria-labelledby="submissions-title">
        <h2 id="submissions-title">書類</h2>
        {isShown(submissions) ? (
          <ProblemBanner shown={submissions} />
        ) : submissions ? (
          <Submissions items={submissions} onReview={operator ? setReviewing : undefined} />
        ) : (
          <Loading />
        )}
      </section>

      {operator && reviewing && (
        <Review key={reviewing.id} submission={reviewing} contractorId={view.contractorId} onDone={afterAction} />
      )}
      {identity.role === 'applicant' && Array.isArray(submissions) && (
        <SubmitForm
          caseId={id}
          contractorId={view.contractorId}
          verifierKinds={view.verifierKinds}
          submissions={submissions}
          onDone={afterAction}
        />
      )}

      <div key={round}>
        {qualified && view.contractorId && identity.role !== 'contractor' && (
          <Disclosures caseId={id} contractorId={view.contractorId} />
        )}
        {qualified && <SpecDeliveries caseId={id} identity={identity} />}
        {qualified && <AgreementSection caseId={id} identity={identity} />}
        <div className="columns">
          <CardLoans caseId={id} identity={identity} />
          <AccessGrants view={view} identity={identity} onChange={afterAction} />
        </div>
      </div>

      {view.steps.some((s) => s.code === 'A-7' && s.status !== 'waiting') && (
        <Questions key={`questions-${round}`} caseId={id} identity={identity} />
      )}

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">経過</h2>
        {isShown(timeline) ? (
          <ProblemBanner shown={timeline} />
        ) : timeline ? (
          <ol className="timeline">
            {timeline.map((entry) => (
              <li key={entry.eventId}>
                <time dateTime={entry.at}>{jst(entry.at)}</time> {japanese(entry.summary)}
              </li>
            ))}
          </ol>
        ) : (
          <Loading />
        )}
      </section>
    </>
  );
}
