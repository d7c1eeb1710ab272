import { randomUUID } from 'node:crypto';
import {
  AccessEvents,
  CardsEvents,
  DocumentsEvents,
  EventEnvelope,
  IntakeEvents,
  IntakeReminderEvents,
} from '@jlis/contracts';
import { MAIL_ROUTES } from './mail-routes';
import { ALL_TEMPLATES, ApplicationRequestedMail } from './templates';
import { letterhead, snapshot } from '../test/notifications.fixtures';

const app = snapshot({ contractorId: 'c-1' });
const base = { letterhead: letterhead() };
const grant = {
  grantId: randomUUID(),
  applicationId: app.id,
  environment: 'production',
  status: 'active',
  effectiveOn: '2026-12-01',
  contractorId: 'c-1',
  cidrs: ['203.0.113.0/28'],
  approval: { number: 'JL-1', approvedOn: '2026-11-30', approver: '審査 一郎' },
  reason: '構成員変更',
};
const loan = {
  loanId: randomUUID(),
  loanNumber: 'L-00012',
  applicationId: app.id,
  lines: [{ kind: 'JPKI-A', quantity: 2 }],
  serials: ['S1'],
  shortages: [{ kind: 'JPKI-A', missing: 1 }],
  carrier: 'ヤマト',
  trackingNumber: '1234',
  shippedOn: '2026-11-20',
  expectedReturnOn: '2026-12-20',
  businessDaysOverdue: 3,
};
const submission = {
  submissionId: randomUUID(),
  applicationId: app.id,
  form: 'A-03-1',
  series: 1,
  round: 2,
  fields: {},
  reasons: [{ field: 'items', message: '開示を受ける仕様書を選んでください。' }],
  sealConfirmed: true,
};

const question = {
  questionId: randomUUID(),
  questionNumber: 'Q-00003',
  applicationId: app.id,
  subject: 'OCSPの応答形式について',
};

const testTerm = {
  grantId: randomUUID(),
  applicationId: app.id,
  contractorId: 'c-1',
  expiresOn: '2027-06-01',
  lastDay: '2027-05-31',
};

/** A sample payload per event type, shaped as the other services' contracts say. */
const PAYLOADS: Record<string, unknown> = {
  [IntakeEvents.ApplicationRequested]: { application: app },
  [IntakeEvents.ApplicationRejected]: { application: app, reason: '資格がありません。' },
  [DocumentsEvents.TemplatesDispatched]: {
    applicationId: app.id,
    templates: [{ form: 'A-03-3', nameJa: '守秘義務誓約書', version: 1, downloadPath: '/t/A-03-3' }],
  },
  [DocumentsEvents.SubmissionReceived]: submission,
  [DocumentsEvents.SubmissionReturned]: submission,
  [DocumentsEvents.SubmissionAccepted]: submission,
  [DocumentsEvents.ApplicationsCompleted]: {
    applicationId: app.id,
    submissions: [{ form: 'A-03-1', submissionId: randomUUID() }],
  },
  [DocumentsEvents.SpecDelivered]: {
    deliveryId: randomUUID(),
    applicationId: app.id,
    items: ['server', 'profile'],
    medium: 'cd-rom',
    carrier: '日本郵便',
    trackingNumber: '99',
    shippedOn: '2026-11-21',
  },
  [DocumentsEvents.QuestionAsked]: question,
  [DocumentsEvents.QuestionAnswered]: question,
  [CardsEvents.LoanShipped]: loan,
  [CardsEvents.LoanOverdue]: loan,
  [CardsEvents.LoanWaiting]: loan,
  [CardsEvents.StockLow]: { kind: 'JPKI-A', inStock: 2, threshold: 5 },
  [AccessEvents.GrantCreated]: grant,
  [AccessEvents.GrantEffective]: grant,
  [AccessEvents.GrantSuspended]: grant,
  [AccessEvents.GrantRevoked]: grant,
  [AccessEvents.GrantReinstated]: grant,
  [DocumentsEvents.SubmissionReviewOverdue]: {
    submissionId: submission.submissionId,
    applicationId: app.id,
    form: 'A-03-1',
    series: 1,
    round: 1,
    submittedOn: '2026-11-20',
    businessDaysWaiting: 6,
    slaBusinessDays: 5,
    ordinal: 0,
  },
  [IntakeReminderEvents.CaseStalled]: {
    applicationId: app.id,
    lastActivityOn: '2026-10-30',
    businessDaysStalled: 21,
    stalledBusinessDays: 20,
    actions: [{ step: 'A-6', action: 'テスト用ICカード借用書（A-06）を提出する / submit the card loan receipt' }],
    ordinal: 0,
  },
  [AccessEvents.TestAccessExpiring]: testTerm,
  [AccessEvents.TestAccessExpired]: testTerm,
  [AccessEvents.TestAccessExtended]: { ...testTerm, reason: '接続試験の追加実施のため' },
  [AccessEvents.ApprovalDocumentIssued]: {
    grantId: 'g-1',
    applicationId: app.id,
    contractorId: 'c-1',
    approvalNumber: 'JPKI-P-2026-000001',
    approvedOn: '2026-11-30',
    approver: '承認 花子',
    filename: 'A-11-2_JPKI-P-2026-000001.pdf',
    contentType: 'application/pdf',
    contentBase64: Buffer.from('%PDF-1.7\n').toString('base64'),
  },
};

const envelope = (type: string): EventEnvelope<never> =>
  ({
    id: 'e-1',
    type,
    version: 1,
    occurredAt: '2026-11-26T01:02:03Z',
    actor: { sub: 's', role: 'system' },
    correlationId: 'c',
    aggregateId: 'a',
    aggregateVersion: 1,
    payload: PAYLOADS[type],
  }) as EventEnvelope<never>;

describe('mail templates', () => {
  it('has a route for every row of "who hears what" and a unique code for every template', () => {
    const codes = ALL_TEMPLATES.map((t) => t.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(MAIL_ROUTES.map((r) => r.template.code))).toEqual(new Set(codes));
    expect(Object.keys(PAYLOADS).sort()).toEqual([...new Set(MAIL_ROUTES.map((r) => r.eventType))].sort());
  });

  it.each(MAIL_ROUTES.map((r) => [r.template.code, r] as const))(
    '%s renders Japanese text with no missing value',
    (_, route) => {
      const sut = route.template.render({
        ...base,
        event: envelope(route.eventType),
        app,
        contractor: { contractorId: 'c-1', name: '株式会社受託', email: 'c@x.jp' },
      });
      expect(sut.subject.length).toBeGreaterThan(5);
      expect(sut.subject).not.toMatch(/\n/);
      expect(`${sut.subject}\n${sut.body}`).not.toMatch(/undefined|null|\[object Object\]|NaN/);
      expect(sut.body).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    },
  );

  it.each(MAIL_ROUTES.filter((r) => r.needsCase).map((r) => [r.template.code, r] as const))(
    '%s names the case by its 受付番号 and shows no id of anything',
    (_, route) => {
      const sut = route.template.render({
        ...base,
        event: envelope(route.eventType),
        app,
        contractor: { contractorId: 'c-1', name: '株式会社受託', email: 'c@x.jp' },
      });
      expect(sut.body).toContain(`受付番号: ${app.receptionNumber}`);
      expect(`${sut.subject}\n${sut.body}`).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    },
  );

  it('names submissions by form and round, loans and questions by their short numbers', () => {
    const render = (code: string) => {
      const route = MAIL_ROUTES.find((r) => r.template.code === code)!;
      return route.template.render({ ...base, event: envelope(route.eventType), app }).body;
    };
    expect(render('submission-accepted')).toContain('提出回: 第2回（差戻し後の再提出）');
    expect(render('cards-shipped')).toContain('貸出番号: L-00012');
    expect(render('question-answered')).toContain('質問番号: Q-00003');
  });

  it('leaves the 受付番号 out for a case known only from events older than reception numbers', () => {
    const { receptionNumber: _, ...older } = app;
    const sut = ApplicationRequestedMail.render({
      ...base,
      event: { ...envelope(IntakeEvents.ApplicationRequested), payload: { application: older } },
    });
    expect(sut.body).not.toContain('受付番号');
    expect(sut.body).not.toContain(app.id);
  });

  it('attaches the approved A-11-2 to the letter that sends it', () => {
    const route = MAIL_ROUTES.find((r) => r.template.code === 'approval-document')!;
    const sut = route.template.render({ ...base, event: envelope(route.eventType), app });
    expect(sut.body).toContain('承認者: 承認 花子');
    expect(sut.attachments).toEqual([
      { filename: 'A-11-2_JPKI-P-2026-000001.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.7\n') },
    ]);
  });

  it('writes the R1 subject exactly as the seed: ASCII parentheses around full-width 「署名検証者名」', () => {
    const sut = ApplicationRequestedMail.render({ ...base, event: envelope(IntakeEvents.ApplicationRequested) });
    expect(sut.subject).toBe(`申請手続開始依頼(「${app.verifierName}」)`);
    expect(sut.body).toContain('依頼日時: 2026年11月26日 09:30（日本時間）');
  });

  it('says a template is not ready yet instead of printing an empty link, and leaves out an approval without number', () => {
    const qualified = MAIL_ROUTES.find((r) => r.template.code === 'application-qualified')!;
    const event = {
      ...envelope(DocumentsEvents.TemplatesDispatched),
      payload: {
        applicationId: app.id,
        templates: [{ form: 'A-07', nameJa: '署名検証者等Q&A様式', version: 0, downloadPath: '' }],
      },
    };
    const sut = qualified.template.render({ ...base, event: event as never, app });
    expect(sut.body).toContain('【様式A-07】署名検証者等Q&A様式（準備中のため');
    expect(sut.body).not.toContain('第0版');
    const granted = MAIL_ROUTES.find((r) => r.template.code === 'access-granted')!;
    const grantEvent = {
      ...envelope(AccessEvents.GrantCreated),
      payload: { ...grant, environment: 'test', approval: { number: null, approvedOn: null, approver: null } },
    };
    expect(granted.template.render({ ...base, event: grantEvent as never, app }).body).not.toContain('承認番号');
  });

  it('chooses the granted or the scheduled mail by the grant status', () => {
    const routes = MAIL_ROUTES.filter((r) => r.eventType === AccessEvents.GrantCreated);
    const pick = (status: string) =>
      routes
        .filter((r) => !r.when || (r.when as (p: unknown) => boolean)({ ...grant, status }))
        .map((r) => r.template.code);
    expect(pick('active')).toEqual(['access-granted']);
    expect(pick('scheduled')).toEqual(['access-scheduled']);
  });
});
