import type { QuestionEventPayload } from '@jlis/contracts';
import { caseTitle, jst } from '../mail-format';
import { caseRef, letterToCase, noticeToJlis, S, subject } from './letter';
import { type MailTemplate, need } from './mail-template';

export const QuestionAskedMail: MailTemplate<QuestionEventPayload> = {
  code: 'question-asked',
  version: 2,
  description: 'A-7 Q&A: 質問 → J-LIS',
  render({ event, app: maybe, letterhead }) {
    const app = need(maybe, this.code);
    const p = event.payload;
    return {
      subject: `${S}質問の受付: ${p.subject}（${app.organizationName}、${caseRef(app)}）`,
      body: noticeToJlis(
        { app, letterhead },
        `${caseTitle(app)}から質問が届きました。ポータルで内容をご確認のうえ、ご回答をお願いいたします。`,
        '',
        `件名: ${p.subject}`,
        p.questionNumber && `質問番号: ${p.questionNumber}`,
        `受付日時: ${jst(event.occurredAt)}`,
      ),
    };
  },
};

export const QuestionAnsweredMail: MailTemplate<QuestionEventPayload> = {
  code: 'question-answered',
  version: 2,
  description: 'A-7 Q&A: 回答 → applicant contacts',
  render({ event, app: maybe, letterhead }) {
    const app = need(maybe, this.code);
    const p = event.payload;
    return {
      subject: subject(`ご質問への回答: ${p.subject}`, app),
      body: letterToCase(
        { app, letterhead },
        'お問い合わせいただいた下記のご質問に回答いたしました。回答の内容はポータルでご確認ください。',
        '',
        `件名: ${p.subject}`,
        p.questionNumber && `質問番号: ${p.questionNumber}`,
      ),
    };
  },
};
