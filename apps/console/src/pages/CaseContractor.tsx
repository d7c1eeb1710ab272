import { useState, type FormEvent } from 'react';
import { ok, portal, settled } from '../api';
import type { Identity } from '../auth/session';
import { Field, ProblemBanner } from '../components/ui';
import { useAction } from './useAction';
import { useLoad } from './useLoad';

/**
 * The system contractor the case names (needed for A-03-2 and the connection of A-8): its name, and for the local
 * government (or J-LIS) finding it by 法人番号 and naming it.
 */
export function CaseContractor({
  caseId,
  contractorId,
  identity,
  onDone,
}: {
  caseId: string;
  contractorId?: string | null;
  identity: Identity;
  onDone: () => void;
}) {
  const named = useLoad(
    () =>
      contractorId
        ? ok(portal().GET('/api/v1/contractors/{cid}', { params: { path: { cid: contractorId } } }))
        : Promise.resolve(undefined),
    contractorId ?? '',
  );
  const [corporateNumber, setCorporateNumber] = useState('');
  const { shown, busy, run, setShown } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await run(async () => {
      const found = await ok(portal().GET('/api/v1/contractors', { params: { query: { corporateNumber } } }));
      const contractor = found.items[0];
      if (!contractor)
        throw new Error('この法人番号のシステム事業者は登録されていません。J-LIS にお問い合わせください。');
      await settled(() =>
        ok(
          portal().PUT('/api/v1/applications/{id}/contractor', {
            params: { path: { id: caseId } },
            body: { contractorId: contractor.id },
          }),
        ),
      );
    });
    if (done) {
      setShown(undefined);
      setCorporateNumber('');
      onDone();
    }
  };
  const mayName = identity.role !== 'contractor';
  return (
    <section aria-labelledby="contractor-title">
      <h2 id="contractor-title">システム事業者</h2>
      <ProblemBanner shown={named.shown} />
      <p>
        {named.data
          ? `${named.data.name}(法人番号 ${named.data.corporateNumber})`
          : contractorId
            ? ''
            : '指定されていません。'}
      </p>
      {mayName && (
        <form onSubmit={(e) => void submit(e)}>
          <ProblemBanner shown={shown} />
          <Field
            label="システム事業者の法人番号(13桁)"
            error={shown?.fields.corporateNumber ?? shown?.fields.contractorId}
          >
            {(p) => (
              <input
                {...p}
                inputMode="numeric"
                value={corporateNumber}
                onChange={(e) => setCorporateNumber(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" disabled={busy}>
            {contractorId ? 'システム事業者を変更する' : 'システム事業者を指定する'}
          </button>
        </form>
      )}
    </section>
  );
}
