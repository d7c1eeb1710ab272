import type { components } from '@jlis/portal-client';
import { ok, portal } from '../api';
import { Loading, ProblemBanner } from '../components/ui';
import { useLoad } from './useLoad';

type Loan = components['schemas']['CardLoanView'];
type Grant = components['schemas']['GrantView'];

const LOAN_STATE: Record<Loan['state'], string> = {
  waiting: '在庫待ち',
  allocated: '割当済み',
  shipped: '発送済み',
  closed: '完了',
};
const GRANT_STATUS: Record<Grant['status'], string> = {
  scheduled: '開始予定',
  active: '有効',
  superseded: '置換え済み',
  suspended: '停止中',
  revoked: '取消',
};

/** The case's test IC card loans: read only here. */
export function CardLoans({ caseId }: { caseId: string }) {
  const { data, shown } = useLoad(
    () => ok(portal().GET('/api/v1/applications/{id}/card-loans', { params: { path: { id: caseId } } })),
    caseId,
  );
  return (
    <section aria-labelledby="loans-title">
      <h2 id="loans-title">試験用 IC カードの貸出</h2>
      <ProblemBanner shown={shown} />
      {!data ? (
        !shown && <Loading />
      ) : data.items.length === 0 ? (
        <p>貸出はまだありません。</p>
      ) : (
        <ul>
          {data.items.map((loan) => (
            <li key={loan.id}>
              {loan.number}: {LOAN_STATE[loan.state]}
              {loan.overdue ? `(返却期限を ${loan.businessDaysOverdue} 営業日超過)` : ''} —{' '}
              {loan.units.map((u) => u.serial).join(', ')}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The case's access grants: environment, state and dates. */
export function AccessGrants({ caseId }: { caseId: string }) {
  const { data, shown } = useLoad(
    () => ok(portal().GET('/api/v1/applications/{id}/access', { params: { path: { id: caseId } } })),
    caseId,
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
              {grant.environment === 'production' ? '本番' : 'テスト'}環境: {GRANT_STATUS[grant.status]}(
              {grant.effectiveOn} から{grant.effectiveUntil ? ` ${grant.effectiveUntil} まで` : ''})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
