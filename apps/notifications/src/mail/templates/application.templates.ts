import type { ApplicationEventPayload, TemplatesDispatchedPayload } from '@jlis/contracts';
import { ruleR1StartRequestSubject } from '@jlis/runtime';
import { formLabel, jst, kindsJa, lines, primaryContact, receptionLine, verifierRole } from '../mail-format';
import { JLIS_NAME, JLIS_UNIT, letterToCase, portalLink, subject, SYSTEM_NAME } from './letter';
import { type MailTemplate, need } from './mail-template';

/**
 * A-1 (R1): the start request to J-LIS, written as the applicant's own letter (it is sent on its behalf and Reply-To
 * its contact). The subject and the body's 担当者名, 署名検証者名, 部署, 連絡先 are fixed by the seed.
 */
export const ApplicationRequestedMail: MailTemplate<ApplicationEventPayload> = {
  code: 'application-requested',
  version: 2,
  description: 'A-1 申請手続開始依頼 → J-LIS (R1), Reply-To the applicant',
  render({ event, letterhead }) {
    const app = event.payload.application;
    const contact = primaryContact(app);
    const others = app.contacts.filter((c) => c !== contact);
    const department = app.department || contact?.department || '';
    return {
      subject: ruleR1StartRequestSubject(app.verifierName),
      body: lines(
        JLIS_NAME,
        `${JLIS_UNIT} 御中`,
        '',
        `${app.organizationName}${department ? ` ${department}` : ''}の${contact?.name ?? '担当者'}です。`,
        '署名検証者等失効情報提供手続について、申請手続の開始を依頼いたします。',
        '担当者と連絡先は下記のとおりです。',
        '',
        `担当者名: ${contact?.name ?? '—'}`,
        `${verifierRole(app)}名: ${app.verifierName}`,
        `部署: ${department || '—'}`,
        `電話: ${contact?.phone ?? '—'}`,
        `e-mail: ${contact?.email ?? '—'}`,
        '',
        `団体名: ${app.organizationName}（団体コード ${app.organizationCode}）`,
        `検証の種類: ${kindsJa(app)}`,
        `オンラインテスト環境の利用希望: ${app.wantsOnlineTest ? 'あり' : 'なし'}`,
        receptionLine(app),
        `依頼日時: ${jst(app.requestedAt)}`,
        others.length > 0 && [
          '',
          'その他の連絡先:',
          ...others.map((c) => `- ${c.name}（${c.department || app.department}） 電話 ${c.phone} e-mail ${c.email}`),
        ],
        '',
        'よろしくお願いいたします。',
        '',
        '--',
        `このメールは、上記の担当者の依頼により「${SYSTEM_NAME}」が送信しています。`,
        'ご返信は担当者に届きます。',
        `ポータル: ${portalLink(letterhead)}`,
      ),
    };
  },
};

function templateName(t: { form: string; nameJa: string }): string {
  return t.nameJa && !formLabel(t.form).includes(t.nameJa) ? `${formLabel(t.form)} ${t.nameJa}` : formLabel(t.form);
}

/** A-2 qualified: the templates dispatched, what to submit next (A-3 and its notes), the LGWAN 全国センター (A-8). */
export const ApplicationQualifiedMail: MailTemplate<TemplatesDispatchedPayload> = {
  code: 'application-qualified',
  version: 2,
  description: 'A-2 資格確認完了と様式送付 → applicant contacts',
  render({ event, app: maybe, letterhead }) {
    const app = need(maybe, this.code);
    const next = ['A-03-1', 'A-03-3', 'A-03-4'];
    const kinds = kindsJa(app);
    return {
      subject: subject('資格確認完了と様式送付のお知らせ', app),
      body: letterToCase(
        { app, letterhead },
        `申請手続開始のご依頼を受け付け、貴団体が${verifierRole(app)}の資格を有することを確認いたしました。`,
        '手続に必要な書類の様式を下記のとおりお送りいたします。ポータルからダウンロードのうえ、ご利用ください。',
        '',
        '■ お送りする様式',
        event.payload.templates.map((t) =>
          t.downloadPath
            ? `- ${templateName(t)}（第${t.version}版）\n  ${portalLink(letterhead, t.downloadPath)}`
            : `- ${templateName(t)}（準備中のため、用意ができ次第ポータルに掲載いたします）`,
        ),
        '',
        '■ 次にご提出いただく書類（A-3）',
        next.map((f) => `- ${formLabel(f)}`),
        `- ${formLabel('A-03-2')}（システム受託者に技術仕様書を第三者開示する場合）`,
        '',
        '守秘義務誓約書と各申請書は、同時にご提出いただいても差し支えありません。',
        'システム受託者に委託している場合、技術仕様開示申請書は、受託者から必要な技術情報（仕様書）の申請を受けてご記入ください。',
        'システム受託者に第三者開示を行う場合は、開示先との間で、当機構と貴団体との間の守秘義務誓約書と同等の守秘義務誓約を交わしてください。',
        '',
        `■ LGPKI経由で${kinds}を行う場合（A-8）`,
        `LGPKI経由でJPKIの${kinds}を行う場合は、LGPKIを管理する当機構のLGWAN全国センターへの手続も必要です。`,
        `LGWAN全国センター: ${letterhead.lgwanCenter.internet}（インターネット側）、${letterhead.lgwanCenter.lgwan}（LGWAN側）`,
      ),
    };
  },
};

/** A-2 rejected, with the reason. */
export const ApplicationRejectedMail: MailTemplate<ApplicationEventPayload> = {
  code: 'application-rejected',
  version: 2,
  description: 'A-2 資格確認の結果(不可)と理由 → applicant contacts',
  render({ event, letterhead }) {
    const app = event.payload.application;
    return {
      subject: subject('申請手続開始のご依頼についてのご連絡', app),
      body: letterToCase(
        { app, letterhead },
        `申請手続開始のご依頼について確認いたしましたが、貴団体が${verifierRole(app)}の資格を有することを確認できなかったため、手続を進めることができません。`,
        '',
        '■ 理由',
        event.payload.reason || '（理由の記載はありません）',
      ),
    };
  },
};
