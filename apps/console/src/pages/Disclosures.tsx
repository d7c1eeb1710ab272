import { useState, type FormEvent } from 'react';
import { ok, portal, settled, uploadTransport } from '../api';
import { ChoiceSet } from '../components/forms';
import { Field, Loading, ProblemBanner, Progress } from '../components/ui';
import { jst, todayInJapan } from '../labels';
import { useAction } from './useAction';
import { useLoad } from './useLoad';

/** R4: the NDA between the organisation and the contractor, recorded with its signed file (once per pair). */
function RecordNda({ caseId, contractorId, onDone }: { caseId: string; contractorId: string; onDone: () => void }) {
  const [signedOn, setSignedOn] = useState(todayInJapan());
  const [file, setFile] = useState<File>();
  const [progress, setProgress] = useState<number>();
  const { shown, busy, run, setShown } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setShown({ message: '入力内容を確認してください。', fields: { file: 'ファイルを選んでください。' } });
      return;
    }
    setProgress(0);
    const done = await run(() =>
      settled(() =>
        ok(
          portal(uploadTransport(setProgress)).POST('/api/v1/applications/{id}/contractor-ndas', {
            params: { path: { id: caseId } },
            body: { contractorId, signedOn, file: file as unknown as string },
            bodySerializer: () => {
              const data = new FormData();
              data.set('contractorId', contractorId);
              data.set('signedOn', signedOn);
              data.set('file', file, file.name);
              return data;
            },
          }),
        ),
      ),
    );
    setProgress(undefined);
    if (done) onDone();
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="nda-form-title">
      <h3 id="nda-form-title">秘密保持契約の登録</h3>
      <ProblemBanner shown={shown} />
      <Field label="契約締結日" error={shown?.fields.signedOn}>
        {(p) => <input {...p} type="date" value={signedOn} onChange={(e) => setSignedOn(e.target.value)} />}
      </Field>
      <Field label="署名済みの秘密保持契約書(PDF)" error={shown?.fields.file}>
        {(p) => <input {...p} type="file" accept="application/pdf" onChange={(e) => setFile(e.target.files?.[0])} />}
      </Field>
      {progress !== undefined && <Progress fraction={progress} label="アップロードの進み具合" />}
      <button type="submit" disabled={busy}>
        {busy ? '送信中…' : '秘密保持契約を登録する'}
      </button>
    </form>
  );
}

/** R4: which specifications were passed on to the contractor (an accepted A-03-2 and the NDA allow them). */
function RecordDisclosure({
  caseId,
  contractorId,
  specItems,
  onDone,
}: {
  caseId: string;
  contractorId: string;
  specItems: { code: string; nameJa: string }[];
  onDone: () => void;
}) {
  const [items, setItems] = useState<string[]>([]);
  const { shown, busy, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await run(() =>
      settled(() =>
        ok(
          portal().POST('/api/v1/applications/{id}/disclosures', {
            params: { path: { id: caseId } },
            body: { contractorId, items },
          }),
        ),
      ),
    );
    if (done) {
      setItems([]);
      onDone();
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="disclosure-form-title">
      <h3 id="disclosure-form-title">開示の記録</h3>
      <ProblemBanner shown={shown} />
      <ChoiceSet
        legend="開示した仕様書等"
        options={specItems.map((item) => ({ value: item.code, label: item.nameJa }))}
        chosen={items}
        onChange={setItems}
        error={shown?.fields.items}
      />
      <button type="submit" disabled={busy}>
        {busy ? '登録中…' : '開示を記録する'}
      </button>
    </form>
  );
}

/** R4 on the case page: the NDA with the named contractor and the ledger of what was disclosed to it. */
export function Disclosures({ caseId, contractorId }: { caseId: string; contractorId: string }) {
  const ndas = useLoad(
    () => ok(portal().GET('/api/v1/applications/{id}/contractor-ndas', { params: { path: { id: caseId } } })),
    `${caseId}-${contractorId}`,
  );
  const ledger = useLoad(
    () => ok(portal().GET('/api/v1/applications/{id}/disclosures', { params: { path: { id: caseId } } })),
    caseId,
  );
  const catalogue = useLoad(() => ok(portal().GET('/api/v1/forms')), 'forms');
  const specItems = catalogue.data?.specItems ?? [];
  const names = new Map(specItems.map((i) => [i.code, i.nameJa]));
  const nda = ndas.data?.items.find((n) => n.contractorId === contractorId);
  return (
    <section aria-labelledby="disclosures-title" className="card">
      <h2 id="disclosures-title">システム事業者への開示(秘密保持契約)</h2>
      <ProblemBanner shown={ndas.shown ?? ledger.shown} />
      {!ndas.data ? (
        !ndas.shown && <Loading />
      ) : nda ? (
        <p>
          秘密保持契約: {nda.signedOn} 締結({nda.file.filename}、{jst(nda.recordedAt)} 登録)
        </p>
      ) : (
        <RecordNda caseId={caseId} contractorId={contractorId} onDone={ndas.reload} />
      )}
      {ledger.data &&
        (ledger.data.items.length === 0 ? (
          <p>開示の記録はまだありません。</p>
        ) : (
          <ul>
            {ledger.data.items.map((d) => (
              <li key={d.id}>
                {jst(d.disclosedAt)}: {d.items.map((code) => names.get(code) ?? code).join('、')}
              </li>
            ))}
          </ul>
        ))}
      {nda && (
        <RecordDisclosure caseId={caseId} contractorId={contractorId} specItems={specItems} onDone={ledger.reload} />
      )}
    </section>
  );
}
