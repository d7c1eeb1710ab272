import { useState, type FormEvent } from 'react';
import type { components } from '@jlis/portal-client';
import { ok, portal } from '../api';
import type { Identity } from '../auth/session';
import { ChoiceSet, ShipmentFields, type Shipment } from '../components/forms';
import { Field, Loading, ProblemBanner } from '../components/ui';
import { todayInJapan } from '../labels';
import { useAction } from './useAction';
import { useLoad } from './useLoad';

type Loan = components['schemas']['CardLoanView'];

const LOAN_STATE: Record<Loan['state'], string> = {
  waiting: '在庫待ち',
  allocated: '割当済み',
  shipped: '発送済み',
  closed: '完了',
};
const UNIT_STATE: Record<string, string> = {
  allocated: '割当済み',
  shipped: '発送済み',
  'with-applicant': '団体で保管',
  'with-contractor': '事業者で保管',
  returned: '返却済み',
  lost: '紛失',
  retired: '廃棄',
  'in-stock': '在庫',
};
const OUT = new Set(['shipped', 'with-applicant', 'with-contractor']);

/** Serials chosen with check boxes (every unit still out is checked at first). */
function Serials({ loan, chosen, set }: { loan: Loan; chosen: string[]; set: (s: string[]) => void }) {
  return (
    <ChoiceSet
      legend="対象のカード"
      options={loan.units.filter((u) => OUT.has(u.state)).map((u) => ({ value: u.serial, label: u.serial }))}
      chosen={chosen}
      onChange={set}
    />
  );
}

/** J-LIS ships an allocated loan. */
function Ship({ loan, onDone }: { loan: Loan; onDone: () => void }) {
  const [shipment, setShipment] = useState<Shipment>({ carrier: '', trackingNumber: '', shippedOn: todayInJapan() });
  const { shown, busy, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await run(() =>
      ok(
        portal().POST('/api/v1/card-loans/{loanId}/shipment', {
          params: { path: { loanId: loan.id } },
          body: shipment,
        }),
      ),
    );
    if (done) onDone();
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={`${loan.number} の発送`}>
      <ProblemBanner shown={shown} />
      <ShipmentFields value={shipment} onChange={setShipment} shown={shown} />
      <button type="submit" disabled={busy}>
        {busy ? '登録中…' : '発送を記録する'}
      </button>
    </form>
  );
}

/** J-LIS records cards received back (some or all). */
function Returns({ loan, onDone }: { loan: Loan; onDone: () => void }) {
  const [serials, setSerials] = useState(loan.units.filter((u) => OUT.has(u.state)).map((u) => u.serial));
  const [receivedOn, setReceivedOn] = useState(todayInJapan());
  const [condition, setCondition] = useState<'good' | 'damaged'>('good');
  const { shown, busy, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await run(() =>
      ok(
        portal().POST('/api/v1/card-loans/{loanId}/returns', {
          params: { path: { loanId: loan.id } },
          body: { serials, receivedOn, condition },
        }),
      ),
    );
    if (done) onDone();
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={`${loan.number} の返却`}>
      <ProblemBanner shown={shown} />
      <Serials loan={loan} chosen={serials} set={setSerials} />
      <Field label="受領日" error={shown?.fields.receivedOn}>
        {(p) => <input {...p} type="date" value={receivedOn} onChange={(e) => setReceivedOn(e.target.value)} />}
      </Field>
      <fieldset>
        <legend>状態</legend>
        <label className="choice">
          <input
            type="radio"
            name={`condition-${loan.id}`}
            checked={condition === 'good'}
            onChange={() => setCondition('good')}
          />
          良好
        </label>
        <label className="choice">
          <input
            type="radio"
            name={`condition-${loan.id}`}
            checked={condition === 'damaged'}
            onChange={() => setCondition('damaged')}
          />
          破損あり
        </label>
      </fieldset>
      <button type="submit" disabled={busy}>
        {busy ? '登録中…' : '返却を記録する'}
      </button>
    </form>
  );
}

/** the local government says who holds the shipped cards (with its contractor they stay its responsibility). */
function Custody({ loan, onDone }: { loan: Loan; onDone: () => void }) {
  const [serials, setSerials] = useState(loan.units.filter((u) => OUT.has(u.state)).map((u) => u.serial));
  const [holder, setHolder] = useState<'applicant' | 'contractor'>('applicant');
  const { shown, busy, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await run(() =>
      ok(
        portal().POST('/api/v1/card-loans/{loanId}/custody', {
          params: { path: { loanId: loan.id } },
          body: { serials, holder },
        }),
      ),
    );
    if (done) onDone();
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={`${loan.number} の保管者`}>
      <ProblemBanner shown={shown} />
      <Serials loan={loan} chosen={serials} set={setSerials} />
      <fieldset>
        <legend>保管者</legend>
        <label className="choice">
          <input
            type="radio"
            name={`holder-${loan.id}`}
            checked={holder === 'applicant'}
            onChange={() => setHolder('applicant')}
          />
          団体
        </label>
        <label className="choice">
          <input
            type="radio"
            name={`holder-${loan.id}`}
            checked={holder === 'contractor'}
            onChange={() => setHolder('contractor')}
          />
          システム事業者
        </label>
      </fieldset>
      <button type="submit" disabled={busy}>
        保管者を記録する
      </button>
    </form>
  );
}

/** The case's test IC card loans, and what the reader may do with each. */
export function CardLoans({ caseId, identity }: { caseId: string; identity: Identity }) {
  const { data, shown, reload } = useLoad(
    () => ok(portal().GET('/api/v1/applications/{id}/card-loans', { params: { path: { id: caseId } } })),
    caseId,
  );
  const operator = identity.role === 'operator';
  return (
    <section aria-labelledby="loans-title">
      <h2 id="loans-title">試験用 IC カードの貸出</h2>
      <ProblemBanner shown={shown} />
      {!data ? (
        !shown && <Loading />
      ) : data.items.length === 0 ? (
        <p>貸出はまだありません。</p>
      ) : (
        data.items.map((loan) => (
          <div key={loan.id} className="loan">
            <h3>
              {loan.number}: {LOAN_STATE[loan.state]}
              {loan.overdue ? `(返却期限を ${loan.businessDaysOverdue} 営業日超過)` : ''}
            </h3>
            <ul>
              {loan.units.map((u) => (
                <li key={u.serial}>
                  {u.serial}: {UNIT_STATE[u.state] ?? u.state}
                </li>
              ))}
            </ul>
            {operator && loan.state === 'allocated' && <Ship loan={loan} onDone={reload} />}
            {operator && loan.state === 'shipped' && <Returns loan={loan} onDone={reload} />}
            {identity.role === 'applicant' && loan.state === 'shipped' && <Custody loan={loan} onDone={reload} />}
          </div>
        ))
      )}
    </section>
  );
}
