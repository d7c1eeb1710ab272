import type { ApplicationSnapshot } from '@jlis/contracts';
import { caseBlock, type Line, lines } from '../mail-format';
import type { ContractorContact, Letterhead } from './mail-template';

/** The subject prefix of every mail but R1's (whose subject the seed fixes). */
export const S = '【JPKI失効情報提供手続】';
export const JLIS_NAME = '地方公共団体情報システム機構';
export const JLIS_UNIT = '個人番号センター公的個人認証部';
export const SYSTEM_NAME = 'JPKI署名検証者等失効情報提供手続システム';

const OPENING = '平素より公的個人認証サービスの運営にご理解とご協力を賜り、厚く御礼申し上げます。';
const RULE = '─'.repeat(32);

/** How a subject names the case: by its 受付番号, else (a case older than reception numbers) by 「署名検証者名」. */
export function caseRef(app: ApplicationSnapshot): string {
  return app.receptionNumber ? `受付番号 ${app.receptionNumber}` : `「${app.verifierName}」`;
}

export function subject(title: string, app?: ApplicationSnapshot): string {
  return app ? `${S}${title}（${caseRef(app)}）` : `${S}${title}`;
}

/** A link into the portal: PORTAL_URL joined with a path of the portal's API (e.g. a template's download path). */
export function portalLink(letterhead: Letterhead, path = ''): string {
  const base = letterhead.portalUrl.endsWith('/') ? letterhead.portalUrl : `${letterhead.portalUrl}/`;
  return new URL(path.replace(/^\/+/, ''), base).href;
}

/**
 * The addressees as a Japanese letter writes them: the organisation and department once, then each contact by
 * name with 様 (contacts of another department under their own), then the contractor's ご担当者様. A case without a
 * contact is addressed to the department's ご担当者様.
 */
export function addressee(app: ApplicationSnapshot, contractor?: ContractorContact): string[] {
  const byDepartment = new Map<string, string[]>();
  for (const c of app.contacts) {
    const department = c.department?.trim() || app.department;
    const names = byDepartment.get(department) ?? [];
    if (c.name.trim() && !names.includes(c.name.trim())) names.push(c.name.trim());
    byDepartment.set(department, names);
  }
  const out: string[] = [];
  for (const [department, names] of byDepartment) {
    out.push(`${app.organizationName} ${department}`.trim());
    out.push(...(names.length ? names.map((n) => `${n} 様`) : ['ご担当者様']));
  }
  if (out.length === 0) out.push(`${app.organizationName} ${app.department}`.trim(), 'ご担当者様');
  if (contractor) out.push(`${contractor.name}（システム受託者） ご担当者様`);
  return out;
}

/** J-LIS's signature: the only place a letter names the organisation, with its contacts from configuration. */
export function signature(letterhead: Letterhead): string[] {
  const phone = letterhead.contactPhone;
  return [
    RULE,
    JLIS_NAME,
    JLIS_UNIT,
    phone ? `電話: ${phone}${letterhead.contactHours ? `（${letterhead.contactHours}）` : ''}` : '',
    `e-mail: ${letterhead.contactEmail}`,
    `ポータル: ${portalLink(letterhead)}`,
    RULE,
    `このメールは「${SYSTEM_NAME}」から送信しています。`,
  ].filter(Boolean);
}

/** A letter from J-LIS's 個人番号センター公的個人認証部 to the case's contacts (and its contractor). */
export function letterToCase(
  parts: { app: ApplicationSnapshot; contractor?: ContractorContact; letterhead: Letterhead },
  ...body: (Line | Line[])[]
): string {
  return lines(
    addressee(parts.app, parts.contractor),
    '',
    OPENING,
    '',
    ...body,
    '',
    '■ 案件',
    caseBlock(parts.app),
    '',
    '手続の状況は、ポータルでご確認いただけます。',
    'ご不明な点がございましたら、下記までお問い合わせください。',
    '',
    signature(parts.letterhead),
  );
}

/** A notice to J-LIS's own mailbox (JLIS_MAILBOX): addressed to the 部's staff, no signature of its own. */
export function noticeToJlis(
  parts: { app?: ApplicationSnapshot; letterhead: Letterhead },
  ...body: (Line | Line[])[]
): string {
  return lines(
    `${JLIS_UNIT} ご担当者様`,
    '',
    ...body,
    '',
    parts.app ? ['■ 案件', ...caseBlock(parts.app), ''] : [],
    `ポータル: ${portalLink(parts.letterhead)}`,
    RULE,
    `このメールは「${SYSTEM_NAME}」が当部宛てに自動送信した通知です。`,
  );
}

/** The name of a card kind for people; a kind this service has not heard of is called テスト用ICカード. */
export function cardKindName(kinds: Record<string, string> | undefined, code: string): string {
  return kinds?.[code] ?? 'テスト用ICカード';
}
