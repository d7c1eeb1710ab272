import type { CaseStalledPayload, ReviewOverduePayload } from '@jlis/contracts';
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
