import type { ApprovalDocumentPayload, GrantPayload } from '@jlis/contracts';
import { dateJa, ENVIRONMENT_NAMES } from '../mail-format';
import { letterToCase, subject } from './letter';
import { type MailTemplate, need } from './mail-template';

const envName = (p: GrantPayload): string => ENVIRONMENT_NAMES[p.environment] ?? 'アクセス先の環境';

/**
 * The grant mails, to the contacts and the case's contractor. The approver is not named: the grant carries the
 * operator's login id, which is no one's name (the approved A-11-2 document names the approving officer).
 */
function grantMail(
  code: string,
  description: string,
  headline: string,
  text: (p: GrantPayload) => string,
): MailTemplate<GrantPayload> {
  return {
    code,
    version: 2,
    description,
    render({ event, app: maybe, contractor, letterhead }) {
      const app = need(maybe, code);
      const p = event.payload;
      const env = envName(p);
      return {
        subject: subject(`${env}アクセス権${headline}のお知らせ`, app),
        body: letterToCase(
          { app, contractor, letterhead },
          text(p),
          '',
          `環境: ${env}`,
          `アクセス開始日: ${dateJa(p.effectiveOn)}`,
          p.cidrs.length ? `接続元IPアドレス: ${p.cidrs.join('、')}` : [],
          p.approval?.number ? [`承認番号: ${p.approval.number}`, `承認日: ${dateJa(p.approval.approvedOn)}`] : [],
          p.reason ? `理由: ${p.reason}` : [],
        ),
      };
    },
  };
}

export const AccessGrantedMail = grantMail(
  'access-granted',
  'A-9/A-12 アクセス権設定(即日有効) → contacts and contractor',
  '設定',
  (p) => `${envName(p)}へのアクセス権を設定いたしました。${dateJa(p.effectiveOn)}から接続いただけます。`,
);
export const AccessScheduledMail = grantMail(
  'access-scheduled',
  'A-12 アクセス権設定(開始日指定) → contacts and contractor',
  '設定(開始日指定)',
  (p) =>
    `${envName(p)}へのアクセス権を設定いたしました。アクセスを開始する日（${dateJa(p.effectiveOn)}）から接続いただけます。`,
);
export const AccessEffectiveMail = grantMail(
  'access-effective',
  'アクセス権の開始日到来 → contacts and contractor',
  '有効化',
  (p) => `${envName(p)}へのアクセス権が、本日（${dateJa(p.effectiveOn)}）から有効になりました。`,
);
export const AccessSuspendedMail = grantMail(
  'access-suspended',
  'アクセス権の一時停止 → contacts and contractor',
  '一時停止',
  (p) => `${envName(p)}へのアクセス権を一時停止いたしました。再開のご連絡を差し上げるまでの間は、接続いただけません。`,
);
export const AccessRevokedMail = grantMail(
  'access-revoked',
  'アクセス権の取消し → contacts and contractor',
  '取消し',
  (p) => `${envName(p)}へのアクセス権を取り消しました。今後は接続いただけません。`,
);
export const AccessReinstatedMail = grantMail(
  'access-reinstated',
  'アクセス権の再開 → contacts and contractor',
  '再開',
  (p) => `一時停止しておりました${envName(p)}へのアクセス権を再開いたしました。`,
);

/** The approved A-11-2 returned to the local government: the letter carries the PDF it can print and keep. */
export const ApprovalDocumentMail: MailTemplate<ApprovalDocumentPayload> = {
  code: 'approval-document',
  version: 2,
  description: 'A-12/A-13 承認済みの A-11-2 (申請書兼承認書) の送付, PDF attached → contacts and contractor',
  render({ event, app: maybe, contractor, letterhead }) {
    const app = need(maybe, this.code);
    const p = event.payload;
    return {
      subject: subject('アクセス権登録申請書兼承認書（A-11-2）の送付', app),
      body: letterToCase(
        { app, contractor, letterhead },
        'ご申請いただいた本番環境へのアクセス権の登録を承認いたしました。',
        '承認済みのアクセス権登録申請書兼承認書（A-11-2）を添付いたしますので、ご確認のうえ保管してください。',
        '',
        `承認番号: ${p.approvalNumber}`,
        `承認日: ${dateJa(p.approvedOn)}`,
        `承認者: ${p.approver}`,
        `添付ファイル: ${p.filename}`,
      ),
      attachments: [
        { filename: p.filename, contentType: p.contentType, content: Buffer.from(p.contentBase64, 'base64') },
      ],
    };
  },
};
