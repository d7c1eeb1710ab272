import type { SpecDeliveredPayload, SubmissionEventPayload } from '@jlis/contracts';
import { caseTitle, dateJa, FORM_NAMES, formLabel, jst, SPEC_ITEM_NAMES } from '../mail-format';
import { caseRef, letterToCase, noticeToJlis, S, subject } from './letter';
import { type MailTemplate, need } from './mail-template';

function submissionLines(p: SubmissionEventPayload): string[] {
  return [
    `様式: ${formLabel(p.form)}`,
    // A series is a person's "申請": a second one of a form (an A-13 change, a new contractor's A-03-2) is numbered.
    `提出回: 第${p.round}回${p.round > 1 ? '（差戻し後の再提出）' : ''}${p.series > 1 ? `　同じ様式による${p.series}件目の申請` : ''}`,
  ];
}

export const SubmissionReceivedMail: MailTemplate<SubmissionEventPayload> = {
  code: 'submission-received',
  version: 2,
  description: '書類の提出 → J-LIS',
  render({ event, app: maybe, letterhead }) {
    const app = need(maybe, this.code);
    const p = event.payload;
    return {
      subject: `${S}書類提出: ${p.form} ${FORM_NAMES[p.form] ?? ''}（${app.organizationName}、${caseRef(app)}）`,
      body: noticeToJlis(
        { app, letterhead },
        `${caseTitle(app)}から書類が提出されました。ポータルで内容をご確認のうえ、審査をお願いいたします。`,
        '',
        submissionLines(p),
        `提出日時: ${jst(event.occurredAt)}`,
      ),
    };
  },
};

export const SubmissionReturnedMail: MailTemplate<SubmissionEventPayload> = {
  code: 'submission-returned',
  version: 2,
  description: '書類の差戻し(理由付き) → applicant contacts',
  render({ event, app: maybe, letterhead }) {
    const app = need(maybe, this.code);
    const p = event.payload;
    const reasons = p.reasons ?? [];
    return {
      subject: subject(`書類差戻しのお知らせ: ${formLabel(p.form)}`, app),
      body: letterToCase(
        { app, letterhead },
        'ご提出いただいた書類を確認いたしましたところ、下記の理由により修正が必要なため、差し戻しいたします。',
        'お手数をおかけしますが、修正のうえ、あらためてポータルからご提出ください。',
        '',
        submissionLines(p),
        '',
        '■ 差戻しの理由',
        // The reviewer's sentences; a field's internal key is no help to the reader and stays in the portal's review.
        reasons.length ? reasons.map((r) => `- ${r.message}`) : ['（理由の記載はありません）'],
      ),
    };
  },
};

export const SubmissionAcceptedMail: MailTemplate<SubmissionEventPayload> = {
  code: 'submission-accepted',
  version: 2,
  description: '書類の受理 → applicant contacts',
  render({ event, app: maybe, letterhead }) {
    const app = need(maybe, this.code);
    const p = event.payload;
    return {
      subject: subject(`書類受理のお知らせ: ${formLabel(p.form)}`, app),
      body: letterToCase(
        { app, letterhead },
        'ご提出いただいた下記の書類を受理いたしました。',
        '',
        submissionLines(p),
        p.sealConfirmed ? '役職印: 押印を確認いたしました' : [],
      ),
    };
  },
};

export const ApplicationsCompletedMail: MailTemplate<{
  applicationId: string;
  submissions?: { form: string; submissionId: string }[];
}> = {
  code: 'applications-completed',
  version: 2,
  description: 'A-4 申請受付完了 → applicant contacts',
  render({ event, app: maybe, letterhead }) {
    const app = need(maybe, this.code);
    const accepted = event.payload.submissions ?? [];
    return {
      subject: subject('申請受付完了のお知らせ', app),
      body: letterToCase(
        { app, letterhead },
        'A-3の申請書類を受け付け、内容を確認いたしました（A-4）。',
        accepted.length ? ['', '■ 受理した書類', ...accepted.map((a) => `- ${formLabel(a.form)}`), ''] : [],
        '今後、申請内容に応じて、技術仕様書等をCD-ROMまたはメールにてお送りいたします（A-5）。',
      ),
    };
  },
};

export const SpecDeliveredMail: MailTemplate<SpecDeliveredPayload> = {
  code: 'spec-delivered',
  version: 2,
  description: 'A-5 技術仕様書等の送付 → applicant contacts',
  render({ event, app: maybe, letterhead }) {
    const app = need(maybe, this.code);
    const p = event.payload;
    const cd = p.medium === 'cd-rom';
    return {
      subject: subject('技術仕様書等送付のお知らせ', app),
      body: letterToCase(
        { app, letterhead },
        cd
          ? '技術仕様書等を格納したCD-ROMを、下記のとおり発送いたしました。'
          : '技術仕様書等を、別途メールにてお送りいたしました。',
        '',
        '■ 送付物',
        p.items.map((i) => `- ${SPEC_ITEM_NAMES[i] ?? '技術仕様書等'}`),
        cd
          ? [`発送日: ${dateJa(p.shippedOn)}`, `運送会社: ${p.carrier ?? '—'}`, `追跡番号: ${p.trackingNumber ?? '—'}`]
          : [],
        '',
        'お受け取りの内容に応じて、テスト用ICカードが必要な場合は【様式A-06】テスト用ICカード借用書をご提出ください。',
        'システム受託者に委託している場合、カードの種類（搭載するAP）と必要枚数は、受託者から申請を受けてご記入ください。',
      ),
    };
  },
};
