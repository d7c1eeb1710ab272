import { useState, type FormEvent } from 'react';
import { ok, portal, settled } from '../api';
import type { Identity } from '../auth/session';
import { ChoiceSet, ShipmentFields, type Shipment } from '../components/forms';
import { Field, Loading, ProblemBanner } from '../components/ui';
import { jst, MEDIUM, todayInJapan } from '../labels';
import { useAction } from './useAction';
import { useLoad } from './useLoad';

/** J-LIS records the specifications it sent (A-5, R5: only what the accepted A-03-1 asked for). */
function RecordDelivery({
  caseId,
  specItems,
  onDone,
}: {
  caseId: string;
  specItems: { code: string; nameJa: string }[];
  onDone: () => void;
}) {
  const [items, setItems] = useState<string[]>([]);
  const [medium, setMedium] = useState<'email' | 'cd-rom'>('email');
  const [shipment, setShipment] = useState<Shipment>({ carrier: '', trackingNumber: '', shippedOn: todayInJapan() });
  const { shown, busy, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const posted = medium === 'cd-rom' ? shipment : {};
    const done = await run(() =>
      settled(() =>
        ok(
          portal().POST('/api/v1/applications/{id}/spec-deliveries', {
            params: { path: { id: caseId } },
            body: { items, medium, ...posted },
          }),
        ),
      ),
    );
    if (done) onDone();
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="delivery-form-title">
      <h3 id="delivery-form-title">送付の記録</h3>
      <ProblemBanner shown={shown} />
      <ChoiceSet
        legend="送付した仕様書等"
        options={specItems.map((item) => ({ value: item.code, label: item.nameJa }))}
        chosen={items}
        onChange={setItems}
        error={shown?.fields.items}
      />
      <fieldset>
        <legend>送付方法</legend>
        {(['email', 'cd-rom'] as const).map((m) => (
          <label key={m} className="choice">
            <input type="radio" name="medium" checked={medium === m} onChange={() => setMedium(m)} />
            {MEDIUM[m]}
          </label>
        ))}
      </fieldset>
      {medium === 'cd-rom' && <ShipmentFields value={shipment} onChange={setShipment} shown={shown} />}
      <button type="submit" disabled={busy}>
        {busy ? '登録中…' : '送付を記録する'}
      </button>
    </form>
  );
}

/** The local government (or J-LIS for it) records that a delivery arrived. */
function Receipt({ deliveryId, onDone }: { deliveryId: string; onDone: () => void }) {
  const [deliveredOn, setDeliveredOn] = useState(todayInJapan());
  const { shown, busy, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await run(() =>
      ok(
        portal().POST('/api/v1/spec-deliveries/{did}/delivered', {
          params: { path: { did: deliveryId } },
          body: { deliveredOn },
        }),
      ),
    );
    if (done) onDone();
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="inline">
      <ProblemBanner shown={shown} />
      <Field label="受領日" error={shown?.fields.deliveredOn}>
        {(p) => <input {...p} type="date" value={deliveredOn} onChange={(e) => setDeliveredOn(e.target.value)} />}
      </Field>
      <button type="submit" disabled={busy}>
        受領を記録する
      </button>
    </form>
  );
}

/** the specifications J-LIS sent and whether they arrived. */
export function SpecDeliveries({ caseId, identity }: { caseId: string; identity: Identity }) {
  const deliveries = useLoad(
    () => ok(portal().GET('/api/v1/applications/{id}/spec-deliveries', { params: { path: { id: caseId } } })),
    caseId,
  );
  const catalogue = useLoad(() => ok(portal().GET('/api/v1/forms')), 'forms');
  const names = new Map((catalogue.data?.specItems ?? []).map((i) => [i.code, i.nameJa]));
  const { data, shown, reload } = deliveries;
  return (
    <section aria-labelledby="deliveries-title" className="card">
      <h2 id="deliveries-title">仕様書等の送付(A-5)</h2>
      <ProblemBanner shown={shown} />
      {!data ? (
        !shown && <Loading />
      ) : data.items.length === 0 ? (
        <p>送付の記録はまだありません。</p>
      ) : (
        <ul>
          {data.items.map((d) => (
            <li key={d.id}>
              {jst(d.recordedAt)} {MEDIUM[d.medium]}: {d.items.map((code) => names.get(code) ?? code).join('、')}
              {d.trackingNumber ? `(${d.carrier ?? ''} ${d.trackingNumber})` : ''} —{' '}
              {d.deliveredOn ? `${d.deliveredOn} 受領` : '受領待ち'}
              {!d.deliveredOn && identity.role !== 'contractor' && <Receipt deliveryId={d.id} onDone={reload} />}
            </li>
          ))}
        </ul>
      )}
      {identity.role === 'operator' && (
        <RecordDelivery caseId={caseId} specItems={catalogue.data?.specItems ?? []} onDone={reload} />
      )}
    </section>
  );
}
