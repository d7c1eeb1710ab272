import type { LoanEventPayload, StockLowPayload } from '@jlis/contracts';
import { caseTitle, dateJa } from '../mail-format';
import { cardKindName, letterToCase, noticeToJlis, S, subject } from './letter';
import { type MailTemplate, need } from './mail-template';

function loanLines(p: LoanEventPayload, kinds: Record<string, string> | undefined): (string | false | undefined)[] {
  return [
    p.loanNumber && `貸出番号: ${p.loanNumber}`,
    ...(p.lines?.length
      ? ['カードの種類と枚数:', ...p.lines.map((l) => `- ${cardKindName(kinds, l.kind)}: ${l.quantity}枚`)]
      : []),
  ];
}

function returnAddress(address: string): string[] {
  return ['■ ご返却先', address];
}

export const CardsShippedMail: MailTemplate<LoanEventPayload> = {
  code: 'cards-shipped',
  version: 2,
  description: 'A-6 テスト用ICカードの発送 → applicant contacts',
  render({ event, app: maybe, letterhead, cardKinds }) {
    const app = need(maybe, this.code);
    const p = event.payload;
    return {
      subject: subject('テスト用ICカード発送のお知らせ', app),
      body: letterToCase(
        { app, letterhead },
        'ご提出いただいたテスト用ICカード借用書に基づき、テスト用ICカードを下記のとおり発送いたしました。',
        '',
        loanLines(p, cardKinds),
        p.serials?.length ? `製造番号: ${p.serials.join('、')}` : [],
        `発送日: ${dateJa(p.shippedOn)}`,
        `運送会社: ${p.carrier ?? '—'}`,
        `追跡番号: ${p.trackingNumber ?? '—'}`,
        `返却期限: ${dateJa(p.expectedReturnOn)}`,
        '',
        'システム受託者に貸与する場合も、テスト用ICカードの管理は貴団体にてお願いいたします。',
        'テストが終了しましたら、返却期限までに下記の返却先へご返却ください。',
        '',
        returnAddress(letterhead.cardReturnAddress),
      ),
    };
  },
};

/**
 * R10 reminder. Production access waits for the cards only before the case is live (A-12 not yet set); once live, R10
 * no longer holds anything (A-13 changes are exempt), so the mail must not say it does.
 */
export const LoanOverdueMail: MailTemplate<LoanEventPayload> = {
  code: 'loan-overdue',
  version: 2,
  description: 'テスト用ICカードの返却遅延 → applicant contacts, Cc J-LIS',
  render({ event, app: maybe, letterhead, cardKinds }) {
    const app = need(maybe, this.code);
    const p = event.payload;
    const days = p.businessDaysOverdue != null ? `${p.businessDaysOverdue}営業日` : '';
    return {
      subject: subject('テスト用ICカード返却期限超過のお知らせとご返却のお願い', app),
      body: letterToCase(
        { app, letterhead },
        `お貸ししているテスト用ICカードの返却期限（${dateJa(p.expectedReturnOn)}）を${days}過ぎております。`,
        'お手数ですが、速やかに下記の返却先へご返却ください。',
        app.status === 'qualified'
          ? '返却を確認できるまで、原則として本番環境へのアクセス権の設定（A-12）を保留いたします。'
          : [],
        '本メールと行き違いでご返却いただいている場合は、ご容赦ください。',
        '',
        loanLines(p, cardKinds),
        '',
        returnAddress(letterhead.cardReturnAddress),
      ),
    };
  },
};

export const LoanWaitingMail: MailTemplate<LoanEventPayload> = {
  code: 'loan-waiting',
  version: 2,
  description: 'テスト用ICカードの在庫不足で貸出待ち → J-LIS',
  render({ event, app, letterhead, cardKinds }) {
    const p = event.payload;
    return {
      subject: `${S}在庫不足によるテスト用ICカード貸出待ち${app ? `: ${caseTitle(app)}` : ''}`,
      body: noticeToJlis(
        { app, letterhead },
        '在庫が不足しているため、下記の貸出にテスト用ICカードを割り当てられず、待機しています。在庫の補充をお願いいたします。',
        '',
        loanLines(p, cardKinds),
        p.shortages?.length
          ? ['不足:', ...p.shortages.map((s) => `- ${cardKindName(cardKinds, s.kind)}: ${s.missing}枚不足`)]
          : [],
      ),
    };
  },
};

export const StockLowMail: MailTemplate<StockLowPayload> = {
  code: 'stock-low',
  version: 2,
  description: 'テスト用ICカードの在庫僅少 → J-LIS',
  render({ event, letterhead, cardKinds }) {
    const p = event.payload;
    const name = cardKindName(cardKinds, p.kind);
    return {
      subject: `${S}テスト用ICカード在庫僅少: ${name}`,
      body: noticeToJlis(
        { letterhead },
        `「${name}」の在庫が${p.inStock}枚になりました（しきい値 ${p.threshold}枚）。補充をご検討ください。`,
        p.waitingDemand ? `貸出待ちの枚数: ${p.waitingDemand}枚` : [],
      ),
    };
  },
};
