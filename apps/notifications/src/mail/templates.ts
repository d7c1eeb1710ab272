import type {
  ApplicationEventPayload,
  ApprovalDocumentPayload,
  ApplicationSnapshot,
  EventEnvelope,
  GrantPayload,
  LoanEventPayload,
  QuestionEventPayload,
  SpecDeliveredPayload,
  StockLowPayload,
  SubmissionEventPayload,
  TemplatesDispatchedPayload,
} from '@jlis/contracts';
import { verifierRoleJa } from '@jlis/contracts';
import {
  caseBlock,
  caseTitle,
  dateJa,
  ENVIRONMENT_NAMES,
  FOOTER,
  formLabel,
  jst,
  lines,
  primaryContact,
  receptionLine,
  SPEC_ITEM_NAMES,
  VERIFIER_KIND_NAMES,
} from './mail-format';

export interface ContractorContact {
  contractorId: string;
  name: string;
  email: string;
}

/** What a template renders from: the event, the case as this service knows it, the case's contractor. */
export interface MailInput<P> {
  event: EventEnvelope<P>;
  app?: ApplicationSnapshot;
  contractor?: ContractorContact;
}

export interface RenderedMail {
  subject: string;
  body: string;
  /** Files the letter carries (the approved A-11-2 PDF). */
  attachments?: { filename: string; contentType: string; content: Buffer }[];
}

/**
 * One mail text. `code` and `version` are stored with every message: a wording change bumps `version`
 * (mail already stored keeps the text it was sent with).
 */
export interface MailTemplate<P = unknown> {
  code: string;
  version: number;
  /** What the template is for (docs and logs). */
  description: string;
  render(input: MailInput<P>): RenderedMail;
}

const S = '【JPKI失効情報提供手続】';

function need(app: ApplicationSnapshot | undefined, code: string): ApplicationSnapshot {
  if (!app) throw new Error(`template ${code} needs the case snapshot`);
  return app;
}

function greeting(app: ApplicationSnapshot): string[] {
  return [`${app.organizationName}`, `${app.verifierName} ご担当者様`, ''];
}

const JLIS_GREETING = ['地方公共団体情報システム機構 ご担当者様', ''];

/**
 * R1's subject, byte for byte as the seed and domain.md write it: 申請手続開始依頼(「署名検証者名」) — ASCII parentheses
 * around full-width corner brackets 「」. (The team's procedure e2e asserts the same string.)
 */
export function r1Subject(verifierName: string): string {
  return `申請手続開始依頼(「${verifierName}」)`;
}

/** A-1 (R1): the start request to J-LIS, sent on the applicant's behalf. The subject is fixed by the seed. */
export const ApplicationRequestedMail: MailTemplate<ApplicationEventPayload> = {
  code: 'application-requested',
  version: 1,
  description: 'A-1 申請手続開始依頼 → J-LIS (R1), Reply-To the applicant',
  render({ event }) {
    const app = event.payload.application;
    const contact = primaryContact(app);
    const others = app.contacts.filter((c) => c !== contact);
    return {
      subject: r1Subject(app.verifierName),
      body: lines(
        '地方公共団体情報システム機構 御中',
        '',
        '署名検証者等に係る失効情報提供の申請手続開始を依頼いたします。',
        '',
        `担当者名: ${contact?.name ?? '—'}`,
        `${verifierRoleJa(app.verifierKinds)}名: ${app.verifierName}`,
        `部署: ${app.department || contact?.department || '—'}`,
        `電話: ${contact?.phone ?? '—'}`,
        `e-mail: ${contact?.email ?? '—'}`,
        '',
        `団体名: ${app.organizationName}（団体コード ${app.organizationCode}）`,
        `検証の種類: ${app.verifierKinds.map((k) => VERIFIER_KIND_NAMES[k] ?? k).join('、') || '—'}`,
        `オンラインテスト環境の利用希望: ${app.wantsOnlineTest ? 'あり' : 'なし'}`,
        receptionLine(app),
        `依頼日時: ${jst(app.requestedAt)}`,
        others.length > 0 && [
          '',
          'その他の連絡先:',
          ...others.map((c) => `- ${c.name}（${c.department ?? app.department}） 電話 ${c.phone} e-mail ${c.email}`),
        ],
        '',
        'このメールに返信すると申請者の担当者に届きます。',
        ...FOOTER,
      ),
    };
  },
};

function templateName(t: { form: string; nameJa: string }): string {
  return t.nameJa && !formLabel(t.form).includes(t.nameJa) ? `${formLabel(t.form)} ${t.nameJa}` : formLabel(t.form);
}

/** A-2 qualified: the templates dispatched and what to submit next. */
export const ApplicationQualifiedMail: MailTemplate<TemplatesDispatchedPayload> = {
  code: 'application-qualified',
  version: 1,
  description: 'A-2 資格確認完了と様式送付 → applicant contacts',
  render({ event, app: maybe }) {
    const app = need(maybe, this.code);
    const next = ['A-03-1', 'A-03-3', 'A-03-4', ...(app.contractorId ? ['A-03-2'] : [])];
    return {
      subject: `${S}資格確認完了と様式送付のお知らせ（「${app.verifierName}」）`,
      body: lines(
        greeting(app),
        `申請手続開始のご依頼を受け付け、${verifierRoleJa(app.verifierKinds)}としての資格を確認しました。`,
        '手続に必要な書類の様式を以下のとおりお送りします（ポータルからダウンロードできます）。',
        '',
        '■ 送付した様式',
        event.payload.templates.map((t) =>
          t.downloadPath
            ? `- ${templateName(t)}（第${t.version}版）\n  ${t.downloadPath}`
            : `- ${templateName(t)}（様式は準備中です。用意ができ次第ポータルに掲載します）`,
        ),
        '',
        '■ 次に提出していただく書類（A-3）',
        next.map((f) => `- ${formLabel(f)}`),
        '守秘義務誓約書と各申請書は同時に提出していただいても構いません。',
        app.contractorId
          ? 'システム受託者に技術仕様書を開示する場合は、受託者と同等の守秘義務誓約を交わしてください。'
          : [],
        '',
        caseBlock(app),
        ...FOOTER,
      ),
    };
  },
};

/** A-2 rejected, with the reason. */
export const ApplicationRejectedMail: MailTemplate<ApplicationEventPayload> = {
  code: 'application-rejected',
  version: 1,
  description: 'A-2 資格確認の結果(不可)と理由 → applicant contacts',
  render({ event }) {
    const app = event.payload.application;
    return {
      subject: `${S}申請手続開始依頼についてのご連絡（「${app.verifierName}」）`,
      body: lines(
        greeting(app),
        `申請手続開始のご依頼について確認しましたが、${verifierRoleJa(app.verifierKinds)}としての資格を確認できなかったため、手続を進めることができません。`,
        '',
        '■ 理由',
        event.payload.reason || '（理由の記載なし）',
        '',
        'ご不明な点は地方公共団体情報システム機構までお問い合わせください。',
        '',
        caseBlock(app),
        ...FOOTER,
      ),
    };
  },
};

function submissionLines(p: SubmissionEventPayload): string[] {
  return [`様式: ${formLabel(p.form)}`, `提出番号: ${p.form}（第${p.series}系列 第${p.round}回提出）`];
}

export const SubmissionReceivedMail: MailTemplate<SubmissionEventPayload> = {
  code: 'submission-received',
  version: 1,
  description: '書類の提出 → J-LIS',
  render({ event, app: maybe }) {
    const app = need(maybe, this.code);
    const p = event.payload;
    return {
      subject: `${S}書類提出: ${p.form} ${caseTitle(app)}`,
      body: lines(
        JLIS_GREETING,
        `${caseTitle(app)} から書類が提出されました。確認をお願いします。`,
        '',
        submissionLines(p),
        `提出日時: ${jst(event.occurredAt)}`,
        '',
        caseBlock(app),
        ...FOOTER,
      ),
    };
  },
};

export const SubmissionReturnedMail: MailTemplate<SubmissionEventPayload> = {
  code: 'submission-returned',
  version: 1,
  description: '書類の差戻し(理由付き) → applicant contacts',
  render({ event, app: maybe }) {
    const app = need(maybe, this.code);
    const p = event.payload;
    const reasons = p.reasons ?? [];
    return {
      subject: `${S}書類差戻しのお知らせ: ${formLabel(p.form)}`,
      body: lines(
        greeting(app),
        '提出いただいた書類を確認しましたが、以下の理由により差し戻します。修正のうえ、再度提出してください。',
        '',
        submissionLines(p),
        '',
        '■ 差戻しの理由',
        reasons.length ? reasons.map((r) => `- ${r.field ? `${r.field}: ` : ''}${r.message}`) : ['（理由の記載なし）'],
        '',
        caseBlock(app),
        ...FOOTER,
      ),
    };
  },
};

export const SubmissionAcceptedMail: MailTemplate<SubmissionEventPayload> = {
  code: 'submission-accepted',
  version: 1,
  description: '書類の受理 → applicant contacts',
  render({ event, app: maybe }) {
    const app = need(maybe, this.code);
    const p = event.payload;
    return {
      subject: `${S}書類受理のお知らせ: ${formLabel(p.form)}`,
      body: lines(
        greeting(app),
        '提出いただいた書類を受理しました。',
        '',
        submissionLines(p),
        p.sealConfirmed ? '役職印: 確認済み' : [],
        '',
        caseBlock(app),
        ...FOOTER,
      ),
    };
  },
};

export const ApplicationsCompletedMail: MailTemplate<{
  applicationId: string;
  submissions?: { form: string; submissionId: string }[];
}> = {
  code: 'applications-completed',
  version: 1,
  description: 'A-4 申請受付完了 → applicant contacts',
  render({ event, app: maybe }) {
    const app = need(maybe, this.code);
    const accepted = event.payload.submissions ?? [];
    return {
      subject: `${S}申請受付完了のお知らせ（「${app.verifierName}」）`,
      body: lines(
        greeting(app),
        '技術仕様開示申請、テスト環境利用申請および守秘義務誓約書を受け付け、確認しました（A-4）。',
        accepted.length ? ['', '■ 受理した書類', ...accepted.map((a) => `- ${formLabel(a.form)}`), ''] : [],
        '申請内容に応じて、技術仕様書等をお送りします（A-5）。',
        '',
        caseBlock(app),
        ...FOOTER,
      ),
    };
  },
};

export const SpecDeliveredMail: MailTemplate<SpecDeliveredPayload> = {
  code: 'spec-delivered',
  version: 1,
  description: 'A-5 技術仕様書等の送付 → applicant contacts',
  render({ event, app: maybe }) {
    const app = need(maybe, this.code);
    const p = event.payload;
    const cd = p.medium === 'cd-rom';
    return {
      subject: `${S}技術仕様書等送付のお知らせ`,
      body: lines(
        greeting(app),
        cd ? '技術仕様書等を格納したCD-ROMを発送しました。' : '技術仕様書等をメールで送付しました。',
        '',
        '■ 送付物',
        p.items.map((i) => `- ${SPEC_ITEM_NAMES[i] ?? i}`),
        cd
          ? [`発送日: ${dateJa(p.shippedOn)}`, `運送会社: ${p.carrier ?? '—'}`, `追跡番号: ${p.trackingNumber ?? '—'}`]
          : [],
        '',
        '受領後、受け取り内容に応じてテスト用ICカード借用書（様式A-06）を提出してください。',
        '',
        caseBlock(app),
        ...FOOTER,
      ),
    };
  },
};

function loanLines(p: LoanEventPayload): (string | false | undefined)[] {
  return [
    p.loanNumber && `貸出番号: ${p.loanNumber}`,
    ...(p.lines?.length ? ['カードの種類と枚数:', ...p.lines.map((l) => `- ${l.kind}: ${l.quantity}枚`)] : []),
  ];
}

export const CardsShippedMail: MailTemplate<LoanEventPayload> = {
  code: 'cards-shipped',
  version: 1,
  description: 'A-6 テスト用ICカードの発送 → applicant contacts',
  render({ event, app: maybe }) {
    const app = need(maybe, this.code);
    const p = event.payload;
    return {
      subject: `${S}テスト用ICカード発送のお知らせ`,
      body: lines(
        greeting(app),
        'テスト用ICカードを発送しました。',
        '',
        loanLines(p),
        p.serials?.length ? `製造番号: ${p.serials.join('、')}` : [],
        `発送日: ${dateJa(p.shippedOn)}`,
        `運送会社: ${p.carrier ?? '—'}`,
        `追跡番号: ${p.trackingNumber ?? '—'}`,
        `返却期限: ${dateJa(p.expectedReturnOn)}`,
        '',
        `システム受託者に貸与する場合も、${verifierRoleJa(app.verifierKinds)}（地方公共団体）の責任で管理してください。テスト終了後は返却してください。`,
        '',
        caseBlock(app),
        ...FOOTER,
      ),
    };
  },
};

export const LoanOverdueMail: MailTemplate<LoanEventPayload> = {
  code: 'loan-overdue',
  version: 1,
  description: 'テスト用ICカードの返却遅延 → applicant contacts, Cc J-LIS',
  render({ event, app: maybe }) {
    const app = need(maybe, this.code);
    const p = event.payload;
    return {
      subject: `${S}テスト用ICカード返却のお願い（返却期限超過）`,
      body: lines(
        greeting(app),
        `貸し出したテスト用ICカードの返却期限（${dateJa(p.expectedReturnOn)}）を${p.businessDaysOverdue != null ? `${p.businessDaysOverdue}営業日` : ''}過ぎています。速やかに返却してください。`,
        '返却が済むまで、本番環境へのアクセス権の設定は保留されます。',
        '',
        loanLines(p),
        '',
        caseBlock(app),
        ...FOOTER,
      ),
    };
  },
};

export const LoanWaitingMail: MailTemplate<LoanEventPayload> = {
  code: 'loan-waiting',
  version: 1,
  description: 'テスト用ICカードの在庫不足で貸出待ち → J-LIS',
  render({ event, app }) {
    const p = event.payload;
    return {
      subject: `${S}在庫不足によるテスト用ICカード貸出待ち${app ? `: ${caseTitle(app)}` : ''}`,
      body: lines(
        JLIS_GREETING,
        '在庫が不足しているため、次の貸出が割り当てられず待機しています。在庫を補充してください。',
        '',
        loanLines(p),
        p.shortages?.length ? ['不足:', ...p.shortages.map((s) => `- ${s.kind}: ${s.missing}枚不足`)] : [],
        '',
        caseBlock(app),
        ...FOOTER,
      ),
    };
  },
};

export const StockLowMail: MailTemplate<StockLowPayload> = {
  code: 'stock-low',
  version: 1,
  description: 'テスト用ICカードの在庫僅少 → J-LIS',
  render({ event }) {
    const p = event.payload;
    return {
      subject: `${S}テスト用ICカード在庫僅少: ${p.kind}`,
      body: lines(
        JLIS_GREETING,
        `テスト用ICカード「${p.kind}」の在庫が${p.inStock}枚になりました（しきい値 ${p.threshold}枚）。補充を検討してください。`,
        '',
        ...FOOTER,
      ),
    };
  },
};

export const QuestionAskedMail: MailTemplate<QuestionEventPayload> = {
  code: 'question-asked',
  version: 1,
  description: 'A-7 Q&A: 質問 → J-LIS',
  render({ event, app: maybe }) {
    const app = need(maybe, this.code);
    const p = event.payload;
    return {
      subject: `${S}質問の受付: ${p.subject}（${caseTitle(app)}）`,
      body: lines(
        JLIS_GREETING,
        `${caseTitle(app)} から質問が届きました。ポータルで内容を確認し、回答してください。`,
        '',
        `件名: ${p.subject}`,
        p.questionNumber && `質問番号: ${p.questionNumber}`,
        `受付日時: ${jst(event.occurredAt)}`,
        '',
        caseBlock(app),
        ...FOOTER,
      ),
    };
  },
};

export const QuestionAnsweredMail: MailTemplate<QuestionEventPayload> = {
  code: 'question-answered',
  version: 1,
  description: 'A-7 Q&A: 回答 → applicant contacts',
  render({ event, app: maybe }) {
    const app = need(maybe, this.code);
    const p = event.payload;
    return {
      subject: `${S}質問への回答: ${p.subject}`,
      body: lines(
        greeting(app),
        'お問い合わせいただいた質問に回答しました。ポータルで回答内容を確認してください。',
        '',
        `件名: ${p.subject}`,
        p.questionNumber && `質問番号: ${p.questionNumber}`,
        '',
        caseBlock(app),
        ...FOOTER,
      ),
    };
  },
};

function grantMail(
  code: string,
  description: string,
  headline: (p: GrantPayload) => string,
  text: (p: GrantPayload) => string[],
): MailTemplate<GrantPayload> {
  return {
    code,
    version: 1,
    description,
    render({ event, app: maybe, contractor }) {
      const app = need(maybe, code);
      const p = event.payload;
      const env = ENVIRONMENT_NAMES[p.environment] ?? p.environment;
      return {
        subject: `${S}${env}アクセス権${headline(p)}のお知らせ（「${app.verifierName}」）`,
        body: lines(
          `${app.organizationName}`,
          `${app.verifierName} ご担当者様`,
          contractor ? `${contractor.name} ご担当者様（システム受託者）` : [],
          '',
          text(p),
          '',
          `環境: ${env}`,
          `アクセス開始日: ${dateJa(p.effectiveOn)}`,
          p.cidrs.length ? `接続元IPアドレス: ${p.cidrs.join('、')}` : [],
          p.approval?.number
            ? [
                `承認番号: ${p.approval.number}`,
                `承認日: ${dateJa(p.approval.approvedOn)}`,
                `承認者: ${p.approval.approver ?? '—'}`,
              ]
            : [],
          p.reason ? `理由: ${p.reason}` : [],
          '',
          caseBlock(app),
          ...FOOTER,
        ),
      };
    },
  };
}

export const AccessGrantedMail = grantMail(
  'access-granted',
  'A-9/A-12 アクセス権設定(即日有効) → contacts and contractor',
  () => '設定',
  (p) => [`${ENVIRONMENT_NAMES[p.environment] ?? p.environment}へのアクセス権を設定しました。本日から接続できます。`],
);
export const AccessScheduledMail = grantMail(
  'access-scheduled',
  'A-12 アクセス権設定(開始日指定) → contacts and contractor',
  () => '設定(開始日指定)',
  (p) => [
    `${ENVIRONMENT_NAMES[p.environment] ?? p.environment}へのアクセス権を設定しました。${dateJa(p.effectiveOn)}から有効になります。`,
  ],
);
export const AccessEffectiveMail = grantMail(
  'access-effective',
  'アクセス権の開始日到来 → contacts and contractor',
  () => '有効化',
  (p) => [
    `${ENVIRONMENT_NAMES[p.environment] ?? p.environment}へのアクセス権が本日（${dateJa(p.effectiveOn)}）から有効になりました。`,
  ],
);
export const AccessSuspendedMail = grantMail(
  'access-suspended',
  'アクセス権の一時停止 → contacts and contractor',
  () => '一時停止',
  (p) => [
    `${ENVIRONMENT_NAMES[p.environment] ?? p.environment}へのアクセス権を一時停止しました。再開までは接続できません。`,
  ],
);
export const AccessRevokedMail = grantMail(
  'access-revoked',
  'アクセス権の取消し → contacts and contractor',
  () => '取消し',
  (p) => [`${ENVIRONMENT_NAMES[p.environment] ?? p.environment}へのアクセス権を取り消しました。今後は接続できません。`],
);
export const AccessReinstatedMail = grantMail(
  'access-reinstated',
  'アクセス権の再開 → contacts and contractor',
  () => '再開',
  (p) => [`一時停止していた${ENVIRONMENT_NAMES[p.environment] ?? p.environment}へのアクセス権を再開しました。`],
);

/** The approved A-11-2 returned to the local government: the letter carries the PDF it can print. */
export const ApprovalDocumentMail: MailTemplate<ApprovalDocumentPayload> = {
  code: 'approval-document',
  version: 1,
  description: 'A-12/A-13 承認済みの A-11-2 (申請書兼承認書) の送付, PDF attached → contacts and contractor',
  render({ event, app: maybe, contractor }) {
    const app = need(maybe, this.code);
    const p = event.payload;
    return {
      subject: `${S}アクセス権登録申請書兼承認書（A-11-2）の送付（「${app.verifierName}」）`,
      body: lines(
        `${app.organizationName}`,
        `${app.verifierName} ご担当者様`,
        contractor ? `${contractor.name} ご担当者様（システム受託者）` : [],
        '',
        'ご申請いただいた本番環境へのアクセス権の登録を承認いたしました。',
        '承認済みのアクセス権登録申請書兼承認書（A-11-2）を添付いたしますので、ご確認のうえ保管してください。',
        '',
        `承認番号: ${p.approvalNumber}`,
        `承認日: ${dateJa(p.approvedOn)}`,
        `承認者: ${p.approver}`,
        `添付ファイル: ${p.filename}`,
        '',
        caseBlock(app),
        ...FOOTER,
      ),
      attachments: [
        { filename: p.filename, contentType: p.contentType, content: Buffer.from(p.contentBase64, 'base64') },
      ],
    };
  },
};

export const ALL_TEMPLATES: MailTemplate<never>[] = [
  ApplicationRequestedMail,
  ApplicationQualifiedMail,
  ApplicationRejectedMail,
  SubmissionReceivedMail,
  SubmissionReturnedMail,
  SubmissionAcceptedMail,
  ApplicationsCompletedMail,
  SpecDeliveredMail,
  CardsShippedMail,
  LoanOverdueMail,
  LoanWaitingMail,
  StockLowMail,
  QuestionAskedMail,
  QuestionAnsweredMail,
  AccessGrantedMail,
  ApprovalDocumentMail,
  AccessScheduledMail,
  AccessEffectiveMail,
  AccessSuspendedMail,
  AccessRevokedMail,
  AccessReinstatedMail,
] as MailTemplate<never>[];
