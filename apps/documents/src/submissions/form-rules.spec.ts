import { ApplicationSnapshot } from '@jlis/contracts';
import { methodsMismatch, reasonFields, startsContractorSeries, validateFormFields } from './form-rules';

const fieldsOf = async (form: string, fields: Record<string, unknown>) =>
  validateFormFields(form, fields).then(
    () => [],
    (error: { errors?: { field: string }[] }) => (error.errors ?? []).map((e) => e.field),
  );

describe('validateFormFields', () => {
  it('refuses unknown fields, also for forms without structured content', async () => {
    expect(await fieldsOf('A-03-3', { note: 'x' })).toEqual(['fields.note']);
    expect(await fieldsOf('A-03-1', { items: ['server-spec'], extra: 1 })).toEqual(['fields.extra']);
    expect(await fieldsOf('A-03-4', {})).toEqual([]);
  });

  it('names nested fields with the platform notation', async () => {
    expect(await fieldsOf('A-06', { cards: [{ kind: 'jpki', quantity: 0 }] })).toEqual(['fields.cards.0.quantity']);
    expect(
      await fieldsOf('A-11-3', {
        contacts: [{ role: 'boss', name: 'x', department: 'y', phone: '03-1111-2222', email: 'a@b.jp' }],
      }),
    ).toEqual(['fields.contacts.0.role']);
  });

  it('checks shapes of A-11-2 and URL', async () => {
    expect(await fieldsOf('A-11-2', { startDate: '2027/02/01', connectionId: 'nope', reason: 'whim' })).toEqual([
      'fields.startDate',
      'fields.connectionId',
      'fields.reason',
    ]);
    expect(await fieldsOf('URL', { url: 'ftp://example.jp' })).toEqual(['fields.url']);
  });

  it('answers the validated fields without anything added', async () => {
    expect(
      await validateFormFields('A-08-1', { connectionId: '5b1f0c1e-7c0e-4c57-9a55-1f7a3e2d9b10', viaLgpki: true }),
    ).toEqual({
      connectionId: '5b1f0c1e-7c0e-4c57-9a55-1f7a3e2d9b10',
      viaLgpki: true,
    });
  });
});

describe('methodsMismatch', () => {
  const snapshot = { verifierKinds: ['signature', 'user-certificate'] } as ApplicationSnapshot;
  it('wants one method per verifier kind of the case and no other', () => {
    expect(methodsMismatch({ signature: 'crl', 'user-certificate': 'ocsp' }, snapshot)).toEqual([]);
    expect(methodsMismatch({ signature: 'crl' }, snapshot).map((e) => e.field)).toEqual([
      'fields.methods.user-certificate',
    ]);
    expect(
      methodsMismatch({ signature: 'crl' }, { verifierKinds: ['user-certificate'] } as ApplicationSnapshot).map(
        (e) => e.field,
      ),
    ).toEqual(['fields.methods.user-certificate', 'fields.methods.signature']);
  });
});

describe('reasonFields', () => {
  it('lets a return reason point at a field of the form or the file', () => {
    expect([...reasonFields('A-11-2')]).toEqual(
      expect.arrayContaining(['file', 'startDate', 'connectionId', 'reason', 'members', 'seal']),
    );
  });
});

describe('startsContractorSeries', () => {
  const latest = (contractorId: string, decision: 'accepted' | 'returned' | null) => ({
    fields: { contractorId, items: ['server-spec'] },
    decision,
  });

  it('begins a new A-03-2 series for another contractor, after an accepted or a returned one', () => {
    expect(startsContractorSeries('A-03-2', latest('c-1', 'accepted'), { contractorId: 'c-2' })).toBe(true);
    expect(startsContractorSeries('A-03-2', latest('c-1', 'returned'), { contractorId: 'c-2' })).toBe(true);
  });

  it('keeps the usual rounds for the same contractor, one awaiting review, and every other form', () => {
    expect(startsContractorSeries('A-03-2', latest('c-1', 'accepted'), { contractorId: 'c-1' })).toBe(false);
    expect(startsContractorSeries('A-03-2', latest('c-1', null), { contractorId: 'c-2' })).toBe(false);
    expect(startsContractorSeries('A-03-1', latest('c-1', 'accepted'), { contractorId: 'c-2' })).toBe(false);
  });
});
