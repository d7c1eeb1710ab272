import { CardsEvents, DocumentsEvents, type EventEnvelope } from '@jlis/contracts';
import { MAIL_ROUTES, type MailRoute } from '../mail-routes';
import { renderMailSamples } from '../samples/mail-samples';
import { SAMPLE_CASE } from '../samples/sample-data';
import { contact, letterhead, snapshot } from '../../test/notifications.fixtures';
import { ApplicationQualifiedMail } from './application.templates';
import { CardsShippedMail, LoanOverdueMail, StockLowMail } from './cards.templates';
import { addressee } from './letter';

const head = letterhead({ contactEmail: 'kojin-ninsho@j-lis.example.jp' });
const contractor = { contractorId: 'c-1', name: '株式会社受託', email: 'c@x.jp' };
const envelope = <P>(type: string, payload: P): EventEnvelope<P> => ({
  id: 'e-1',
  type,
  version: 1,
  occurredAt: '2026-11-26T01:02:03Z',
  actor: { sub: 'operator-login-7', role: 'operator' },
  correlationId: 'c',
  aggregateId: 'a',
  aggregateVersion: 1,
  payload,
});
const loan = {
  loanId: 'L-1',
  applicationId: 'x',
  lines: [{ kind: 'jpki', quantity: 2 }],
  expectedReturnOn: '2026-12-20',
  businessDaysOverdue: 3,
};
const toCase = (r: MailRoute) => r.audience !== 'jlis';
/** The letters as the samples render them (every template, realistic values), by template code. */
const letters = new Map(
  renderMailSamples().map((s, i) => [MAIL_ROUTES[i].template.code, { route: MAIL_ROUTES[i], text: s.text }]),
);

describe('letters from 個人番号センター公的個人認証部', () => {
  it.each([...letters].filter(([, l]) => toCase(l.route)))(
    '%s is addressed to each contact by department and name with 様, and names J-LIS once, in its signature',
    (_, { text }) => {
      expect(text).toContain('\n\n千代田区 政策経営部情報政策課\n山田 太郎 様\n佐藤 花子 様\n');
      expect(text).not.toMatch(/千代田区\s*[／/]\s*千代田区/);
      expect(text.split('地方公共団体情報システム機構').length - 1).toBe(1);
      expect(text).toMatch(
        /─+\n地方公共団体情報システム機構\n個人番号センター公的個人認証部\n電話: 03-1234-5000（受付時間 平日 9:00～17:00）\ne-mail: jpki-onboarding@example\.jp\nポータル: https:\/\/jpki-onboarding\.example\.jp\/\n─+/,
      );
    },
  );

  it.each([...letters])('%s asks politely and shows no id or internal code', (_, letter) => {
    // What a person reads: the subject and the body (the X-JPKI-* headers are for machines).
    const text = letter.text
      .split('\n')
      .filter((l) => !l.startsWith('X-JPKI-'))
      .join('\n');
    expect(text).not.toMatch(/(?<![ごお])(提出|返却|確認|回答)してください/);
    expect(text).not.toContain(SAMPLE_CASE.id);
    expect(text).not.toContain(SAMPLE_CASE.contractorId!);
    // No UUID at all: loans, grants, submissions are named by the numbers people can say.
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    // Card-kind codes, verifier-kind and status codes, an operator's login id (mail addresses and links aside).
    expect(text.replace(/[\w.+-]+@[\w.-]+|https?:\/\/\S+/g, '')).not.toMatch(
      /\bjpki\b|\bfull\b|\bsignature\b|user-certificate|\breturned\b|\bqualified\b|operator-jlis/,
    );
  });

  it('addresses the contractor beside the contacts, and a case without contacts to its department', () => {
    const app = snapshot({ contacts: [contact({ department: undefined })] });
    expect(addressee(app, contractor)).toEqual([
      '千代田区 情報政策課',
      '山田 太郎 様',
      '株式会社受託（システム受託者） ご担当者様',
    ]);
    expect(addressee(snapshot({ contacts: [], organizationName: '千代田区', verifierName: '千代田区' }))).toEqual([
      '千代田区 情報政策課',
      'ご担当者様',
    ]);
  });

  it('says production access waits for the cards only while the case is not live', () => {
    const render = (status: 'qualified' | 'live') =>
      LoanOverdueMail.render({
        event: envelope(CardsEvents.LoanOverdue, loan),
        app: snapshot({ status }),
        letterhead: head,
      }).body;
    expect(render('qualified')).toContain('本番環境へのアクセス権の設定（A-12）を保留いたします');
    expect(render('live')).not.toContain('保留');
    expect(render('live')).toContain('3営業日過ぎております');
  });

  it('tells where to return the cards, from configuration, and names a kind by its name', () => {
    const body = CardsShippedMail.render({
      event: envelope(CardsEvents.LoanShipped, loan),
      app: snapshot(),
      letterhead: head,
      cardKinds: { jpki: 'テスト用ICカード（JPKI-AP のみ）' },
    }).body;
    expect(body).toContain(`■ ご返却先\n${head.cardReturnAddress}`);
    expect(body).toContain('- テスト用ICカード（JPKI-AP のみ）: 2枚');
    const unknown = StockLowMail.render({
      event: envelope(CardsEvents.StockLow, { kind: 'jpki', inStock: 1, threshold: 2 }),
      letterhead: head,
    });
    expect(`${unknown.subject}\n${unknown.body}`).not.toMatch(/\bjpki\b/);
  });

  it('carries the seed A-3 notes: the contractor signs an NDA equivalent to the one between J-LIS and the local government', () => {
    const body = ApplicationQualifiedMail.render({
      event: envelope(DocumentsEvents.TemplatesDispatched, {
        applicationId: 'x',
        templates: [
          {
            form: 'A-03-3',
            nameJa: '守秘義務誓約書',
            version: 3,
            downloadPath: '/api/v1/forms/A-03-3/templates/3/content',
          },
        ],
      }),
      app: snapshot(),
      letterhead: head,
    }).body;
    expect(body).toContain(
      'システム受託者に第三者開示を行う場合は、開示先との間で、当機構と貴団体との間の守秘義務誓約書と同等の守秘義務誓約を交わしてください。',
    );
    expect(body).toContain('守秘義務誓約書と各申請書は、同時にご提出いただいても差し支えありません。');
    expect(body).toContain('  https://portal.example.jp/api/v1/forms/A-03-3/templates/3/content');
    expect(body).toContain('LGPKI@j-lis.go.jp（インターネット側）、cvs-info@j-lis.lgwan.jp（LGWAN側）');
  });

  it('names the kind of the case: a 利用者証明検証者 is not told it qualified as a 署名検証者', () => {
    const body = ApplicationQualifiedMail.render({
      event: envelope(DocumentsEvents.TemplatesDispatched, { applicationId: 'x', templates: [] }),
      app: snapshot({ verifierKinds: ['user-certificate'] }),
      letterhead: head,
    }).body;
    expect(body).toContain('貴団体が利用者証明検証者の資格を有することを確認いたしました');
    expect(body).toContain('利用者証明検証者名: ');
    expect(body).not.toContain('署名検証者の資格');
  });
});
