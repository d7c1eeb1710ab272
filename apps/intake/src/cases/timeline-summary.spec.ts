import { AccessEvents, CardsEvents, DocumentsEvents, EVENT_VERSIONS, IntakeEvents } from '@jlis/contracts';
import { applicationSnapshot, eventEnvelope } from '@jlis/testing';
import { summarise } from './timeline-summary';
import { TimelineNames } from './timeline-words';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** Codes and login ids that must never reach a reader (issue 13). */
const CODES = /environment (test|production)|status [a-z]|\bsignature\b|user-certificate|\bprimary\b|cd-rom|op-suzuki/;

const NOW = 'c3a1e2d4-5b6f-4a7e-8c9d-0e1f2a3b4c5d';
const BEFORE = 'd4b2f3e5-6c7a-4b8f-9d0e-1f2a3b4c5d6e';
const names: TimelineNames = { contractors: { [NOW]: '株式会社つぎの受託者', [BEFORE]: '株式会社はじめの受託者' } };
const line = (type: string, payload: Record<string, unknown>, known = names) =>
  summarise(eventEnvelope(type, payload), known);

describe('the case timeline’s lines (issue 13: names and numbers, never ids or codes)', () => {
  it('names the contractor a case names, and the one before, by company name', () => {
    const sut = line(IntakeEvents.ApplicationContractorNamed, {
      application: applicationSnapshot({ contractorId: NOW }),
      previousContractorId: BEFORE,
    });
    expect(sut).toBe(
      'システム受託者を指定 / contractor named: 株式会社つぎの受託者（変更前: 株式会社はじめの受託者） / was 株式会社はじめの受託者',
    );
  });

  it('says "the one named" rather than an id when intake has not heard of the contractor yet', () => {
    const sut = line(
      IntakeEvents.ApplicationContractorNamed,
      { application: applicationSnapshot({ contractorId: NOW }), previousContractorId: BEFORE },
      { contractors: {} },
    );
    expect(sut).toBe(
      'システム受託者を指定 / contractor named: 指定された受託者（変更前: 以前の受託者） / was the previous one',
    );
  });

  it('names contacts by their role in Japanese and statuses in words', () => {
    expect(line(IntakeEvents.ApplicationContactsChanged, { application: applicationSnapshot() })).toBe(
      '連絡先を更新 / contacts changed: 主担当 山田 太郎',
    );
    expect(
      line(IntakeEvents.ApplicationStatusChanged, {
        application: applicationSnapshot({ status: 'live' }),
        reason: '承認番号 JPKI-P-2026-000007 のアクセス権の開始による',
      }),
    ).toBe('状態 / status → 本番稼働中 / live: 承認番号 JPKI-P-2026-000007 のアクセス権の開始による');
  });

  it('names a grant by its approval number, environment and state in words, and its contractor by name', () => {
    const sut = line(AccessEvents.GrantCreated, {
      grantId: BEFORE,
      applicationId: BEFORE,
      environment: 'production',
      status: 'scheduled',
      effectiveOn: '2026-05-10',
      contractorId: NOW,
      connectionId: BEFORE,
      cidrs: ['10.40.0.0/24'],
      approval: { number: 'JPKI-P-2026-000008', approvedOn: '2026-04-20', approver: '田中 花子' },
    });
    expect(sut).toBe(
      'アクセス権を設定 / access granted: 承認番号 JPKI-P-2026-000008、本番環境、開始日前、受託者 株式会社つぎの受託者、開始日 2026-05-10',
    );
  });

  it('names submissions by form, series and round, with the reasons a return gave', () => {
    const sut = line(DocumentsEvents.SubmissionReturned, {
      submissionId: NOW,
      applicationId: NOW,
      form: 'A-03-1',
      series: 1,
      round: 2,
      fields: {},
      reasons: [{ field: 'items', message: 'プロフィール技術仕様書も必要です' }],
    });
    expect(sut).toBe(
      '提出を差戻し / submission returned: 様式 A-03-1（第1系列 第2回提出）、理由: プロフィール技術仕様書も必要です',
    );
  });

  it('names specification items, media, loans and questions as people say them', () => {
    expect(
      line(DocumentsEvents.SpecDelivered, {
        deliveryId: NOW,
        applicationId: NOW,
        items: ['server-spec', 'profile-spec'],
        medium: 'email',
      }),
    ).toBe('技術仕様書等を送付 / specifications sent: サーバ系技術仕様書・プロフィール技術仕様書、電子メールで送付');
    expect(
      line(CardsEvents.LoanShipped, {
        loanId: NOW,
        loanNumber: 'L-00042',
        applicationId: NOW,
        serials: ['CH-0001', 'CH-0002'],
        shippedOn: '2026-04-02',
        state: 'shipped',
      }),
    ).toBe('カードを発送 / cards shipped: 貸出 L-00042、2枚、発送日 2026-04-02');
    expect(
      line(DocumentsEvents.QuestionAsked, {
        questionId: NOW,
        questionNumber: 'Q-00003',
        applicationId: NOW,
        subject: 'OCSPの応答時間',
      }),
    ).toBe('質問を受付 / question asked: Q-00003、件名「OCSPの応答時間」');
  });

  it('leaves out a value it has no word for, and still names an event type it does not know', () => {
    expect(line('labs.widget.approved', { status: 'approved', widgetId: NOW })).toBe('widget approved');
  });

  it('shows no id, code or login id for any catalogued event, even with ids in every field', () => {
    const ids = {
      grantId: NOW,
      applicationId: NOW,
      contractorId: BEFORE,
      connectionId: NOW,
      submissionId: NOW,
      loanId: NOW,
      decisionId: NOW,
      deliveryId: NOW,
      disclosureId: NOW,
      ndaId: NOW,
      questionId: NOW,
      agreementId: NOW,
      environment: 'production',
      status: 'active',
      medium: 'cd-rom',
      holder: 'contractor',
      condition: 'damaged',
      kind: 'production-grant',
      proposedBy: { name: '鈴木 一郎', at: '2026-04-01T01:00:00Z' },
      approvedBy: [{ name: '田中 花子', at: '2026-04-01T02:00:00Z' }],
      application: applicationSnapshot({ contractorId: NOW, verifierKinds: ['signature', 'user-certificate'] }),
      previousContractorId: BEFORE,
      businessDaysStalled: 5,
    };
    const lines = Object.keys(EVENT_VERSIONS).map((type) => [type, line(type, ids, { contractors: {} })]);
    expect(lines.filter(([, l]) => UUID.test(l) || CODES.test(l))).toEqual([]);
    expect(lines.filter(([, l]) => !l)).toEqual([]);
  });
});
