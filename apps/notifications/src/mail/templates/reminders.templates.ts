import type { CaseStalledPayload, ReviewOverduePayload, TestAccessTermPayload } from '@jlis/contracts';
import { caseTitle, dateJa, formLabel } from '../mail-format';
import { caseRef, letterToCase, noticeToJlis, S, subject } from './letter';
import { type MailTemplate, need } from './mail-template';

/** REVIEW_SLA_BUSINESS_DAYS passed: J-LIS's own mailbox is reminded of a submission still waiting for its review. */
export const ReviewOverdueMail: MailTemplate<ReviewOverduePayload> = {
  code: 'review-overdue',
  version: 1,
  description: '審査待ちの書類が審査期限（営業日）を超過 → J-LIS',
  render({ event, app: maybe, letterhead }) {
    const app = need(maybe, this.code);
    const p = event.payload;
    return {
      subject: `${S}審査期限超過: ${formLabel(p.form)}（${app.organizationName}、${caseRef(app)}）`,
      body: noticeToJlis(
        { app, letterhead },
        `${caseTitle(app)}から提出された下記の書類が、提出から${p.businessDaysWaiting}営業日、審査待ちのままです（目安 ${p.slaBusinessDays}営業日）。`,
        'ポータルで内容をご確認のうえ、受理または差戻しの審査をお願いいたします。',
        '',
        `様式: ${formLabel(p.form)}`,
        `提出回: 第${p.round}回${p.series > 1 ? `　同じ様式による${p.series}件目の申請` : ''}`,
        `提出日: ${dateJa(p.submittedOn)}`,
      ),
    };
  },
};

/**
 * STALLED_BUSINESS_DAYS passed with the case waiting on the applicant alone: a polite letter naming what is asked of
 * it, never a reproach (the applicant may be developing or testing in the meantime).
 */
export const CaseStalledMail: MailTemplate<CaseStalledPayload> = {
  code: 'case-stalled',
  version: 1,
  description: '申請者側の手続が一定期間（営業日）進んでいない案件 → applicant contacts',
  render({ event, app: maybe, letterhead }) {
    const app = need(maybe, this.code);
    const p = event.payload;
    return {
      subject: subject('お手続の状況についてのご確認', app),
      body: letterToCase(
        { app, letterhead },
        `本件のお手続につきまして、${dateJa(p.lastActivityOn)}以降、${p.businessDaysStalled}営業日にわたり進捗を確認できておりません。`,
        '現在、貴団体に下記のご対応をお願いしております。ご準備の状況をご確認のうえ、ポータルからお手続ください。',
        '',
        '■ お願いしているご対応',
        p.actions.length // The step table's actions are written 'Japanese / English'; a letter in Japanese shows the first half.
          ? p.actions.map((a) => `- ${a.step}: ${a.action.split(' / ')[0]}`)
          : ['- ポータルで案件の状況をご確認ください。'],
        '',
        '本メールと行き違いでお手続いただいている場合は、ご容赦ください。',
      ),
    };
  },
};

/** The three letters of a test grant's term (TEST_ACCESS_DAYS), to the case's contacts and its contractor. */
function testTermMail(
  code: string,
  description: string,
  title: string,
  text: (p: TestAccessTermPayload) => (string | string[])[],
): MailTemplate<TestAccessTermPayload> {
  return {
    code,
    version: 1,
    description,
    render({ event, app: maybe, contractor, letterhead }) {
      const app = need(maybe, code);
      const p = event.payload;
      return {
        subject: subject(title, app),
        body: letterToCase(
          { app, contractor, letterhead },
          ...text(p),
          '',
          `テスト環境の利用期限: ${dateJa(p.lastDay)}まで`,
        ),
      };
    },
  };
}

export const TestAccessExpiringMail = testTermMail(
  'test-access-expiring',
  'テスト環境の利用期限が近づいた（1週間前） → contacts and contractor',
  'テスト環境の利用期限のお知らせ',
  (p) => [
    `テスト環境へのアクセス権は、${dateJa(p.lastDay)}をもって利用期限を迎えます。`,
    '引き続きテストが必要な場合は、期限までに下記の連絡先へ延長をご相談ください。',
    'テストを終えられた場合は、ポータルでテスト終了の記録とテスト用ICカードのご返却をお願いいたします。',
  ],
);

export const TestAccessExpiredMail = testTermMail(
  'test-access-expired',
  'テスト環境の利用期限の到来によりアクセス権が終了 → contacts and contractor',
  'テスト環境のアクセス権終了のお知らせ',
  () => [
    'テスト環境へのアクセス権は、利用期限の到来により終了いたしました。',
    '再度テストが必要な場合は、下記の連絡先へご相談ください。',
  ],
);

export const TestAccessExtendedMail = testTermMail(
  'test-access-extended',
  'テスト環境の利用期限の延長 → contacts and contractor',
  'テスト環境の利用期限延長のお知らせ',
  (p) => [
    `テスト環境へのアクセス権の利用期限を、${dateJa(p.lastDay)}まで延長いたしました。`,
    p.reason ? [`延長の理由: ${p.reason}`] : [],
  ],
);
