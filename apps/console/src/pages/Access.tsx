import { useState, type FormEvent } from 'react';
import type { components } from '@jlis/portal-client';
import { ok, portal, saveBlob, settled } from '../api';
import type { Identity } from '../auth/session';
import { Field, Loading, ProblemBanner } from '../components/ui';
import { ENVIRONMENT, todayInJapan } from '../labels';
import { useAction } from './useAction';
import { useLoad } from './useLoad';

type Grant = components['schemas']['GrantView'];
type CaseView = components['schemas']['CaseView'];

const GRANT_STATUS: Record<Grant['status'], string> = {
  scheduled: '開始予定',
  active: '有効',
  superseded: '置換え済み',
  suspended: '停止中',
  revoked: '取消',
};

const DECISION_KIND: Record<string, string> = {
  'production-grant': '本番環境の接続',
  suspension: '接続の停止',
  revocation: '接続の取消',
};

/** The approved A-11-2 (申請書兼承認書) of a production grant, fetched with the token and saved as a file. */
function ApprovalDocument({ grant }: { grant: Grant }) {
  const { shown, busy, run } = useAction();
  const download = () =>
    run(async () => {
      // Rendered by a job a moment after the approval: PRECONDITION_NOT_YET_KNOWN until then.
      const blob = await settled(() =>
        ok(
          portal().GET('/api/v1/access-grants/{gid}/approval-document', {
            params: { path: { gid: grant.id } },
            parseAs: 'blob',
          }),
        ),
      );
      saveBlob(blob, `A-11-2-${grant.approval?.number ?? 'approval'}.pdf`);
    });
  return (
    <>
      <button type="button" className="secondary" disabled={busy} onClick={() => void download()}>
        承認済みの A-11-2(申請書兼承認書)をダウンロード
      </button>
      <ProblemBanner shown={shown} />
    </>
  );
}

/** J-LIS grants test access (A-9, one person) or proposes production access (A-12, approved by a second operator). */
function GrantActions({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { shown, busy, run } = useAction();
  const [proposed, setProposed] = useState<string>();
  const grant = async (environment: 'test' | 'production') => {
    setProposed(undefined);
    const done = await run(async () => {
      const answer = await settled(() =>
        ok(
          portal().POST('/api/v1/applications/{id}/access-grants', {
            params: { path: { id: caseId } },
            body: { environment },
          }),
        ),
      );
      if ('status' in answer && answer.status === 'proposed') {
        setProposed('本番環境の接続を起案しました。別の J-LIS 担当者が「承認待ち」から承認すると許可されます。');
      }
    });
    if (done) onDone();
  };
  return (
    <div className="actions">
      <ProblemBanner shown={shown} />
      {proposed && <p role="status">{proposed}</p>}
      <button type="button" disabled={busy} onClick={() => void grant('test')}>
        テスト環境の接続を許可する(A-9)
      </button>{' '}
      <button type="button" disabled={busy} onClick={() => void grant('production')}>
        本番環境の接続を起案する(A-12)
      </button>
    </div>
  );
}

/** the local government records that its test is finished (once). */
function TestCompletion({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const [completedOn, setCompletedOn] = useState(todayInJapan());
  const [note, setNote] = useState('');
  const { shown, busy, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await run(() =>
      ok(
        portal().POST('/api/v1/applications/{id}/test-completion', {
          params: { path: { id: caseId } },
          body: { completedOn, ...(note.trim() ? { note: note.trim() } : {}) },
        }),
      ),
    );
    if (done) onDone();
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="test-completion-title">
      <h3 id="test-completion-title">テストの完了(A-10)</h3>
      <ProblemBanner shown={shown} />
      <Field label="テスト完了日" error={shown?.fields.completedOn}>
        {(p) => <input {...p} type="date" value={completedOn} onChange={(e) => setCompletedOn(e.target.value)} />}
      </Field>
      <Field label="結果の記録(任意)" error={shown?.fields.note}>
        {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <button type="submit" disabled={busy}>
        {busy ? '登録中…' : 'テストの完了を記録する'}
      </button>
    </form>
  );
}

/** The case's access: grants with their dates, the approved A-11-2, and what the reader may do. */
export function AccessGrants({
  view,
  identity,
  onChange,
}: {
  view: CaseView;
  identity: Identity;
  onChange: () => void;
}) {
  const { data, shown } = useLoad(
    () => ok(portal().GET('/api/v1/applications/{id}/access', { params: { path: { id: view.id } } })),
    view.id,
  );
  return (
    <section aria-labelledby="access-title">
      <h2 id="access-title">接続の許可</h2>
      <ProblemBanner shown={shown} />
      {!data ? (
        !shown && <Loading />
      ) : data.grants.length === 0 ? (
        <p>許可はまだありません。</p>
      ) : (
        <ul>
          {data.grants.map((grant) => (
            <li key={grant.id}>
              {ENVIRONMENT[grant.environment]}: {GRANT_STATUS[grant.status]}({grant.effectiveOn} から
              {grant.effectiveUntil ? ` ${grant.effectiveUntil} まで` : ''})
              {grant.approval && (
                <>
                  {' '}
                  承認番号 {grant.approval.number}
                  {identity.role !== 'contractor' && grant.environment === 'production' && (
                    <ApprovalDocument grant={grant} />
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {data?.decisions
        .filter((d) => d.status === 'proposed')
        .map((d) => (
          <p key={d.id} className="pending">
            {DECISION_KIND[d.kind]}: {d.proposedBy.name} さんが起案、承認待ち(承認 {d.approvedBy.length + 1} /{' '}
            {d.approvalsRequired} 人)
          </p>
        ))}
      {view.testCompletedOn && <p>テスト完了: {view.testCompletedOn}</p>}
      {identity.role === 'operator' && <GrantActions caseId={view.id} onDone={onChange} />}
      {identity.role === 'applicant' &&
        view.wantsOnlineTest &&
        !view.testCompletedOn &&
        data?.grants.some((g) => g.environment === 'test') && <TestCompletion caseId={view.id} onDone={onChange} />}
    </section>
  );
}
