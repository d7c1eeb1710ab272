import type {
  ApplicationSnapshot,
  GrantPayload,
  LoanEventPayload,
  SubmissionEventPayload,
  TestAccessTermPayload,
} from '@jlis/contracts';
import type { ContractorContact, Letterhead } from '../templates';

/**
 * The letters as sent, for a reviewer to read (docs/mail-samples/, written by `npm run mail-samples`, compared by
 * mail-samples.spec.ts). One invented case walked through the procedure; every value is fixed, so the output is the
 * same on every run. The letterhead shows what production configuration looks like; its values are examples, not
 * J-LIS's real address or telephone number.
 */
export const SAMPLE_FROM = 'JPKI手続システム <noreply@example.jp>';
export const SAMPLE_JLIS_MAILBOX = 'jpki-onboarding@example.jp';

export const SAMPLE_LETTERHEAD: Letterhead = {
  portalUrl: 'https://jpki-onboarding.example.jp/',
  contactEmail: SAMPLE_JLIS_MAILBOX,
  contactPhone: '03-1234-5000',
  contactHours: '受付時間 平日 9:00～17:00',
  cardReturnAddress:
    '〒100-0000 東京都千代田区〇〇町一丁目2番3号 〇〇ビル5階 個人番号センター公的個人認証部 テスト用ICカード担当 宛',
  lgwanCenter: { internet: 'LGPKI@j-lis.go.jp', lgwan: 'cvs-info@j-lis.lgwan.jp' },
};

export const CASE_ID = '0b9e2f64-3c1d-4a8e-9f27-5d6c1e8a4b30';
const CONTRACTOR_ID = '6f1a9c3e-8b27-4d5f-a0e4-2c7b9d1f3e58';

export const SAMPLE_CASE: ApplicationSnapshot = {
  id: CASE_ID,
  receptionNumber: 'JPKI-2026-00042',
  organizationCode: '131016',
  organizationName: '千代田区',
  verifierName: '千代田区電子申請サービス',
  verifierKinds: ['signature'],
  department: '政策経営部情報政策課',
  status: 'qualified',
  contractorId: CONTRACTOR_ID,
  wantsOnlineTest: true,
  contacts: [
    {
      role: 'primary',
      name: '山田 太郎',
      department: '政策経営部情報政策課',
      phone: '03-3264-2111',
      email: 'yamada-taro@city.chiyoda.example.lg.jp',
    },
    {
      role: 'secondary',
      name: '佐藤 花子',
      department: '政策経営部情報政策課',
      phone: '03-3264-2112',
      email: 'sato-hanako@city.chiyoda.example.lg.jp',
    },
  ],
  requestedAt: '2026-11-02T00:30:00.000Z',
};

export const SAMPLE_CONTRACTOR: ContractorContact = {
  contractorId: CONTRACTOR_ID,
  name: '株式会社サンプルシステムズ',
  email: 'jpki-support@sample-systems.example.co.jp',
};

export const SAMPLE_CARD_KINDS: Record<string, string> = {
  jpki: 'テスト用ICカード（JPKI-AP のみ：署名用・利用者証明用電子証明書）',
  full: 'テスト用ICカード（本番カード相当：JPKI-AP・券面事項確認AP・券面事項入力補助AP・住基AP）',
};

const submission = (over: Partial<SubmissionEventPayload>): SubmissionEventPayload => ({
  submissionId: '3e8d1b7a-52c4-4f09-8a6e-1d2c3b4a5f60',
  applicationId: CASE_ID,
  form: 'A-03-1',
  series: 1,
  round: 1,
  fields: {},
  ...over,
});

const loan: LoanEventPayload = {
  loanId: '9c4b2a1d-7e3f-4c58-b6a9-0f1e2d3c4b5a',
  loanNumber: 'L-00012',
  applicationId: CASE_ID,
  lines: [
    { kind: 'jpki', quantity: 2 },
    { kind: 'full', quantity: 1 },
  ],
  serials: ['JT-000118', 'JT-000119', 'FT-000031'],
  carrier: 'ゆうパック',
  trackingNumber: '1234-5678-9012',
  shippedOn: '2026-11-24',
  expectedReturnOn: '2027-01-29',
};

const grant = (over: Partial<GrantPayload>): GrantPayload => ({
  grantId: '5a7c9e1b-3d2f-4b6a-8c0e-7f9a1b3c5d7e',
  applicationId: CASE_ID,
  environment: 'production',
  status: 'scheduled',
  effectiveOn: '2027-04-01',
  contractorId: CONTRACTOR_ID,
  cidrs: ['203.0.113.16/28'],
  approval: { number: 'JPKI-P-2027-000007', approvedOn: '2027-03-10', approver: 'operator-jlis-01' },
  ...over,
});

const testTerm = (over: Partial<TestAccessTermPayload>): TestAccessTermPayload => ({
  grantId: '7c9e1b3d-5f2a-4c6e-8a0b-2d4f6a8c0e1b',
  applicationId: CASE_ID,
  contractorId: CONTRACTOR_ID,
  expiresOn: '2027-06-01',
  lastDay: '2027-05-31',
  ...over,
});

/** One event per template (by template code): what the other services publish at that point of the procedure. */
export const SAMPLES: Record<string, { at: string; payload: unknown }> = {
  'application-requested': {
    at: '2026-11-02T00:30:00Z',
    payload: { application: { ...SAMPLE_CASE, status: 'requested' } },
  },
  'application-qualified': {
    at: '2026-11-04T01:15:00Z',
    payload: {
      applicationId: CASE_ID,
      templates: [
        ['A-03-1', '技術仕様開示申請書'],
        ['A-03-2', '複製申請書兼第三者開示通知書'],
        ['A-03-3', '守秘義務誓約書'],
        ['A-03-4', 'テスト環境利用申請書'],
        ['A-06', 'テスト用ICカード借用書'],
        ['A-07', '署名検証者等Q&A様式'],
        ['A-08-1', 'アクセス権登録申請書兼承認書（テスト環境）'],
        ['A-11-1', '情報提供方式の選択通知（利用申込み）'],
        ['A-11-2', 'アクセス権登録申請書兼承認書'],
        ['URL', 'URL通知書'],
        ['A-11-3', '署名検証者側連絡先の登録・変更連絡票'],
      ].map(([form, nameJa]) => ({
        form,
        nameJa,
        version: form === 'URL' ? 0 : 1,
        downloadPath: form === 'URL' ? '' : `/api/v1/forms/${form}/templates/1/content`,
      })),
    },
  },
  'application-rejected': {
    at: '2026-11-04T01:15:00Z',
    payload: {
      application: { ...SAMPLE_CASE, status: 'rejected' },
      reason:
        '申請者名義の団体が地方公共団体の一覧に見当たりません。団体コードをご確認のうえ、あらためてご依頼ください。',
    },
  },
  'submission-received': { at: '2026-11-06T05:40:00Z', payload: submission({ round: 2 }) },
  'submission-returned': {
    at: '2026-11-05T07:20:00Z',
    payload: submission({
      reasons: [
        { field: 'items', message: 'プロフィール技術仕様書も必要です。開示を受ける仕様書に追加してください。' },
        { message: '申請日の記載が漏れています。' },
      ],
    }),
  },
  'submission-accepted': { at: '2027-03-09T02:00:00Z', payload: submission({ form: 'A-11-2', sealConfirmed: true }) },
  'applications-completed': {
    at: '2026-11-09T04:00:00Z',
    payload: {
      applicationId: CASE_ID,
      submissions: ['A-03-1', 'A-03-2', 'A-03-3', 'A-03-4'].map((form) => ({ form, submissionId: CASE_ID })),
    },
  },
  'spec-delivered': {
    at: '2026-11-12T03:00:00Z',
    payload: {
      deliveryId: '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9',
      applicationId: CASE_ID,
      items: ['server-spec', 'profile-spec', 'client-software'],
      medium: 'cd-rom',
      carrier: '日本郵便（簡易書留）',
      trackingNumber: '123-45-67890-1',
      shippedOn: '2026-11-12',
    },
  },
  'cards-shipped': { at: '2026-11-24T02:00:00Z', payload: loan },
  'loan-overdue': { at: '2027-02-03T00:00:00Z', payload: { ...loan, businessDaysOverdue: 3 } },
  'loan-waiting': {
    at: '2026-11-20T02:00:00Z',
    payload: { ...loan, serials: undefined, shortages: [{ kind: 'full', missing: 1 }] },
  },
  'stock-low': { at: '2026-11-24T02:00:00Z', payload: { kind: 'full', inStock: 1, threshold: 2, waitingDemand: 1 } },
  'question-asked': {
    at: '2026-12-01T06:30:00Z',
    payload: {
      questionId: '2d4f6a8c-1b3e-4d5f-9a7c-6e8b0d2f4a6c',
      questionNumber: 'Q-00003',
      applicationId: CASE_ID,
      subject: 'OCSPレスポンダの応答時間について',
    },
  },
  'question-answered': {
    at: '2026-12-03T08:00:00Z',
    payload: {
      questionId: '2d4f6a8c-1b3e-4d5f-9a7c-6e8b0d2f4a6c',
      questionNumber: 'Q-00003',
      applicationId: CASE_ID,
      subject: 'OCSPレスポンダの応答時間について',
      answerId: '8e0a2c4e-6f1b-4d3a-b5c7-9d1f3a5c7e9b',
    },
  },
  'access-granted': {
    at: '2026-12-10T01:00:00Z',
    payload: grant({
      environment: 'test',
      status: 'active',
      effectiveOn: '2026-12-10',
      cidrs: ['198.51.100.32/29'],
      approval: { number: 'JPKI-T-2026-000031', approvedOn: '2026-12-10', approver: 'operator-jlis-01' },
    }),
  },
  'access-scheduled': { at: '2027-03-10T01:00:00Z', payload: grant({}) },
  'access-effective': { at: '2027-03-31T15:00:00Z', payload: grant({ status: 'active' }) },
  'access-suspended': {
    at: '2027-05-12T02:00:00Z',
    payload: grant({ status: 'suspended', reason: '接続元からの想定外の大量アクセスを確認したため' }),
  },
  'access-revoked': {
    at: '2028-03-31T06:00:00Z',
    payload: grant({ status: 'revoked', reason: '署名検証者の廃止のお申し出によるもの' }),
  },
  'access-reinstated': {
    at: '2027-05-14T02:00:00Z',
    payload: grant({ status: 'active', reason: '原因の解消を確認したため' }),
  },
  'review-overdue': {
    at: '2026-11-16T00:00:00Z',
    payload: {
      submissionId: '3e8d1b7a-52c4-4f09-8a6e-1d2c3b4a5f60',
      applicationId: CASE_ID,
      form: 'A-03-4',
      series: 1,
      round: 1,
      submittedOn: '2026-11-06',
      businessDaysWaiting: 6,
      slaBusinessDays: 5,
      ordinal: 0,
    },
  },
  'case-stalled': {
    at: '2027-01-20T00:00:00Z',
    payload: {
      applicationId: CASE_ID,
      lastActivityOn: '2026-12-14',
      businessDaysStalled: 21,
      stalledBusinessDays: 20,
      actions: [
        {
          step: 'A-10',
          action:
            'テストを実施し、テスト終了を記録してテスト用ICカードを返却する / test, record that testing is finished and return the cards',
        },
      ],
      ordinal: 0,
    },
  },
  'test-access-expiring': { at: '2027-05-24T00:00:00Z', payload: testTerm({}) },
  'test-access-expired': { at: '2027-05-31T15:00:00Z', payload: testTerm({}) },
  'test-access-extended': {
    at: '2027-05-26T02:00:00Z',
    payload: testTerm({
      expiresOn: '2027-07-01',
      lastDay: '2027-06-30',
      reason: 'OCSPレスポンダ方式での接続試験を追加で実施するため',
    }),
  },
  'approval-document': {
    at: '2027-03-10T01:05:00Z',
    payload: {
      grantId: '5b7d9f1a-3c5e-4a7b-8d9f-1a3c5e7b9d1f',
      applicationId: CASE_ID,
      contractorId: null,
      approvalNumber: 'JPKI-P-2027-000012',
      approvedOn: '2027-03-10',
      approver: '公的 太郎',
      filename: 'A-11-2_JPKI-P-2027-000012.pdf',
      contentType: 'application/pdf',
      contentBase64: Buffer.from('%PDF-1.7\n').toString('base64'),
    },
  },
};
