import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AccessGrants } from './Access';
import { CardLoans } from './CardLoans';
import { Connections } from './Connections';
import { Disclosures } from './Disclosures';
import { fieldsOf, initialValues } from './FormFields';
import { fieldLabel, fieldValue } from './fieldText';
import { SpecDeliveries } from './SpecDeliveries';
import { fakeSuite, problem } from './testing';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const operator = { sub: 'o-1', role: 'operator' as const, name: '審査 一郎' };
const applicant = { sub: 'a-1', role: 'applicant' as const, org: '131016' };

const loan = (state: string, unitState: string) => ({
  id: 'loan-1',
  number: 'L-0001',
  applicationId: 'case-1',
  state,
  lines: [],
  units: [{ serial: 'TEST-0001', kind: 'standard', state: unitState }],
  overdue: false,
  businessDaysOverdue: 0,
});

describe('CardLoans (A-6, A-10)', () => {
  it('lets J-LIS ship an allocated loan with the carrier, tracking number and date it types', async () => {
    const sent = fakeSuite([
      { method: 'GET', path: /card-loans$/, body: { items: [loan('allocated', 'allocated')] } },
      { method: 'POST', path: /shipment$/, body: loan('shipped', 'shipped') },
    ]);
    render(<CardLoans caseId="case-1" identity={operator} />);
    fireEvent.change(await screen.findByLabelText('運送会社'), { target: { value: 'ゆうパック' } });
    fireEvent.change(screen.getByLabelText('追跡番号'), { target: { value: '1234' } });
    fireEvent.change(screen.getByLabelText('発送日'), { target: { value: '2026-12-01' } });
    fireEvent.click(screen.getByRole('button', { name: '発送を記録する' }));
    await waitFor(() => expect(sent.some((r) => r.method === 'POST')).toBe(true));
    expect(sent.find((r) => r.method === 'POST')).toEqual({
      method: 'POST',
      path: '/api/v1/card-loans/loan-1/shipment',
      body: { carrier: 'ゆうパック', trackingNumber: '1234', shippedOn: '2026-12-01' },
    });
  });

  it('shows a refused return next to the field it names, and offers no shipment to the local government', async () => {
    fakeSuite([
      { method: 'GET', path: /card-loans$/, body: { items: [loan('shipped', 'with-applicant')] } },
      {
        method: 'POST',
        path: /returns$/,
        status: 400,
        body: problem(400, 'VALIDATION_FAILED', 'check receivedOn', [
          { field: 'receivedOn', message: '受領日は今日以前の日付にしてください / not in the future' },
        ]),
      },
    ]);
    render(<CardLoans caseId="case-1" identity={operator} />);
    fireEvent.click(await screen.findByRole('button', { name: '返却を記録する' }));
    const message = await screen.findByText('受領日は今日以前の日付にしてください');
    expect(screen.getByLabelText('受領日').getAttribute('aria-describedby')).toContain(message.id);
    cleanup();
    render(<CardLoans caseId="case-1" identity={applicant} />);
    await screen.findByRole('button', { name: '保管者を記録する' });
    expect(screen.queryByRole('button', { name: '返却を記録する' })).toBeNull();
  });
});

describe('AccessGrants (A-9, A-10, A-12)', () => {
  const view = {
    id: 'case-1',
    wantsOnlineTest: true,
    testCompletedOn: null,
    steps: [],
  } as unknown as Parameters<typeof AccessGrants>[0]['view'];

  it('tells the proposing operator that a second operator approves production access', async () => {
    const sent = fakeSuite([
      { method: 'GET', path: /\/access$/, body: { grants: [], decisions: [] } },
      { method: 'POST', path: /access-grants$/, status: 202, body: { id: 'd-1', status: 'proposed' } },
    ]);
    const onChange = vi.fn();
    render(<AccessGrants view={view} identity={operator} onChange={onChange} />);
    fireEvent.click(await screen.findByRole('button', { name: '本番環境の接続を起案する(A-12)' }));
    expect((await screen.findByRole('status')).textContent).toContain('別の J-LIS 担当者が「承認待ち」から承認');
    expect(sent.find((r) => r.method === 'POST')?.body).toEqual({ environment: 'production' });
    expect(onChange).toHaveBeenCalled();
  });

  it("shows the suite's Japanese refusal of a grant, and the applicant's test completion once test access exists", async () => {
    fakeSuite([
      {
        method: 'GET',
        path: /\/access$/,
        body: {
          grants: [{ id: 'g-1', environment: 'test', status: 'active', effectiveOn: '2026-12-01' }],
          decisions: [
            {
              id: 'd-1',
              kind: 'production-grant',
              status: 'proposed',
              approvalsRequired: 2,
              proposedBy: { name: '審査 一郎' },
              approvedBy: [],
            },
          ],
        },
      },
      {
        method: 'POST',
        path: /access-grants$/,
        status: 409,
        body: problem(409, 'CARDS_OUTSTANDING', '試験用カードが返却されていません / cards outstanding'),
      },
    ]);
    render(<AccessGrants view={view} identity={operator} onChange={() => undefined} />);
    fireEvent.click(await screen.findByRole('button', { name: '本番環境の接続を起案する(A-12)' }));
    expect((await screen.findByRole('alert')).textContent).toBe('試験用カードが返却されていません');
    // A proposal waiting for its second operator is said on the case, whoever reads it.
    expect(screen.getByText('本番環境の接続: 審査 一郎 さんが起案、承認待ち(承認 1 / 2 人)')).toBeTruthy();
    cleanup();
    render(<AccessGrants view={view} identity={applicant} onChange={() => undefined} />);
    expect(await screen.findByRole('button', { name: 'テストの完了を記録する' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'テスト環境の接続を許可する(A-9)' })).toBeNull();
  });
});

describe('SpecDeliveries (A-5)', () => {
  it('records the items J-LIS checked, sent by e-mail', async () => {
    const sent = fakeSuite([
      { method: 'GET', path: /spec-deliveries$/, body: { items: [] } },
      {
        method: 'GET',
        path: /\/forms$/,
        body: { items: [], specItems: [{ code: 'server-spec', nameJa: 'サーバ仕様書' }], provisionMethods: [] },
      },
      { method: 'POST', path: /spec-deliveries$/, status: 201, body: { id: 'd-1' } },
    ]);
    render(<SpecDeliveries caseId="case-1" identity={operator} />);
    fireEvent.click(await screen.findByLabelText('サーバ仕様書'));
    fireEvent.click(screen.getByRole('button', { name: '送付を記録する' }));
    await waitFor(() => expect(sent.some((r) => r.method === 'POST')).toBe(true));
    expect(sent.find((r) => r.method === 'POST')?.body).toEqual({ items: ['server-spec'], medium: 'email' });
  });
});

describe('Disclosures (R4)', () => {
  const forms = {
    items: [],
    specItems: [{ code: 'server-spec', nameJa: 'サーバ仕様書' }],
    provisionMethods: [],
  };

  it('asks for the NDA first, and records the specs disclosed to the named contractor once it is on file', async () => {
    fakeSuite([
      { method: 'GET', path: /contractor-ndas$/, body: { items: [] } },
      { method: 'GET', path: /disclosures$/, body: { items: [] } },
      { method: 'GET', path: /\/forms$/, body: forms },
    ]);
    render(<Disclosures caseId="case-1" contractorId="c-1" />);
    expect(await screen.findByRole('button', { name: '秘密保持契約を登録する' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: '開示を記録する' })).toBeNull();
    cleanup();

    const sent = fakeSuite([
      {
        method: 'GET',
        path: /contractor-ndas$/,
        body: {
          items: [
            {
              id: 'n-1',
              contractorId: 'c-1',
              signedOn: '2026-12-01',
              file: { filename: 'nda.pdf' },
              recordedAt: '2026-12-01T01:00:00Z',
            },
          ],
        },
      },
      { method: 'GET', path: /disclosures$/, body: { items: [] } },
      { method: 'GET', path: /\/forms$/, body: forms },
      { method: 'POST', path: /disclosures$/, status: 201, body: { id: 'x-1' } },
    ]);
    render(<Disclosures caseId="case-1" contractorId="c-1" />);
    expect(await screen.findByText(/秘密保持契約: 2026-12-01 締結/)).toBeTruthy();
    fireEvent.click(await screen.findByLabelText('サーバ仕様書'));
    fireEvent.click(screen.getByRole('button', { name: '開示を記録する' }));
    await waitFor(() => expect(sent.some((r) => r.method === 'POST')).toBe(true));
    expect(sent.find((r) => r.method === 'POST')).toEqual({
      method: 'POST',
      path: '/api/v1/applications/case-1/disclosures',
      body: { contractorId: 'c-1', items: ['server-spec'] },
    });
  });
});

describe('Connections (contractors)', () => {
  it('registers a connection with the address ranges typed one a line; a refused range is shown by that field', async () => {
    const sent = fakeSuite([
      { method: 'GET', path: /connections$/, body: { items: [] } },
      { method: 'GET', path: /connection-methods$/, body: { items: [{ code: 'lgwan', name: 'LGWAN', active: true }] } },
      {
        method: 'POST',
        path: /connections$/,
        status: 400,
        body: problem(400, 'VALIDATION_FAILED', 'check cidrs', [{ field: 'cidrs.1', message: 'not a CIDR' }]),
      },
    ]);
    render(<Connections contractorId="c-1" />);
    await screen.findByRole('option', { name: 'LGWAN' });
    fireEvent.change(screen.getByLabelText('接続元のアドレス範囲(CIDR、1行に1つ)'), {
      target: { value: '192.0.2.0/28\n192.0.2.999/28' },
    });
    fireEvent.click(screen.getByRole('button', { name: '接続を登録する' }));
    expect(await screen.findByText('この項目の内容を確認してください。')).toBeTruthy();
    expect(sent.find((r) => r.method === 'POST')?.body).toEqual({
      environment: 'test',
      method: 'lgwan',
      cidrs: ['192.0.2.0/28', '192.0.2.999/28'],
    });
  });
});

describe('structured fields', () => {
  const choices = {
    cardKinds: [{ code: 'standard', name: '標準', applications: [], active: true, version: 1, lowStockThreshold: 0 }],
    connections: [
      { id: 'p-1', environment: 'production', method: 'lgwan', cidrs: ['198.51.100.0/28'] },
      { id: 't-1', environment: 'test', method: 'lgwan', cidrs: ['192.0.2.0/28'] },
    ],
    provisionMethods: [{ code: 'crl', nameJa: 'CRL' }],
    verifierKinds: ['signature'],
    methodNames: { lgwan: 'LGWAN' },
  } as unknown as Parameters<typeof initialValues>[1];

  it("start from the first choice of each list and build each form's fields as the suite expects them", () => {
    expect(fieldsOf('A-06', initialValues('A-06', choices, '2026-12-01'))).toEqual({
      cards: [{ kind: 'standard', quantity: 1 }],
    });
    expect(fieldsOf('A-08-1', initialValues('A-08-1', choices, '2026-12-01'))).toEqual({
      connectionId: 't-1',
      viaLgpki: false,
    });
    expect(fieldsOf('A-11-1', initialValues('A-11-1', choices, '2026-12-01'))).toEqual({
      methods: { signature: 'crl' },
    });
    expect(fieldsOf('A-11-2', initialValues('A-11-2', choices, '2026-12-01'))).toEqual({
      startDate: '2026-12-01',
      connectionId: 'p-1',
      reason: 'initial',
    });
    expect(fieldsOf('URL', { url: ' https://example.lg.jp/ ' })).toEqual({ url: 'https://example.lg.jp/' });
    expect(fieldsOf('A-03-3', {})).toEqual({});
  });
});

describe('field text', () => {
  it('shows names for the ids and codes of a submission, never the id itself', () => {
    const names = { 'c-uuid': '株式会社テスト受託', 't-uuid': 'テスト環境 LGWAN 192.0.2.0/28', standard: '標準' };
    expect(fieldLabel('connectionId')).toBe('接続');
    expect(fieldValue('connectionId', 't-uuid', names)).toBe('テスト環境 LGWAN 192.0.2.0/28');
    expect(fieldValue('contractorId', 'c-uuid', names)).toBe('株式会社テスト受託');
    expect(fieldValue('cards', [{ kind: 'standard', quantity: 2 }], names)).toBe('標準 2枚');
    expect(fieldValue('viaLgpki', false, names)).toBe('いいえ');
    expect(fieldValue('reason', 'initial', names)).toBe('新規');
  });
});
