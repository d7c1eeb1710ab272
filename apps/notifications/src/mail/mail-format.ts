import {
  ACCESS_ENVIRONMENT_NAMES,
  type ApplicationSnapshot,
  type ContactSnapshot,
  VERIFIER_KIND_NAMES as KIND_NAMES,
  verifierRoleJa,
} from '@jlis/contracts';

/** Names of the forms (domain.md) for mail text; a code not listed is shown as it is. */
export const FORM_NAMES: Record<string, string> = {
  'A-03-1': '技術仕様開示申請書',
  'A-03-2': '複製申請書兼第三者開示通知書',
  'A-03-3': '守秘義務誓約書',
  'A-03-4': 'テスト環境利用申請書',
  'A-06': 'テスト用ICカード借用書',
  'A-07': '署名検証者等Q&A様式',
  'A-08-1': 'アクセス権登録申請書兼承認書（テスト環境）',
  'A-11-1': '情報提供方式の選択通知（利用申込み）',
  'A-11-2': 'アクセス権登録申請書兼承認書',
  URL: 'URL通知書',
  'A-11-3': '署名検証者側連絡先の登録・変更連絡票',
};

export { SPEC_ITEM_NAMES } from '@jlis/contracts';

export const VERIFIER_KIND_NAMES: Record<string, string> = Object.fromEntries(
  Object.entries(KIND_NAMES).map(([kind, name]) => [kind, name.ja]),
);

export const ENVIRONMENT_NAMES: Record<string, string> = Object.fromEntries(
  Object.entries(ACCESS_ENVIRONMENT_NAMES).map(([environment, name]) => [environment, name.ja]),
);

export function formLabel(form: string): string {
  if (!FORM_NAMES[form]) return `【${form}】`;
  // The URL通知書 has no form number of its own.
  return form.startsWith('A-') ? `【様式${form}】${FORM_NAMES[form]}` : `【${FORM_NAMES[form]}】`;
}

const JST_MS = 9 * 60 * 60 * 1000;

/** An instant as Japanese readers expect it: `2026年11月26日 17:07（日本時間）`. */
export function jst(iso: string | undefined | null): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t + JST_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${p(d.getUTCMonth() + 1)}月${p(d.getUTCDate())}日 ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}（日本時間）`;
}

/** A calendar date `YYYY-MM-DD` as `2026年12月01日`. */
export function dateJa(date: string | undefined | null): string {
  if (!date) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return m ? `${m[1]}年${m[2]}月${m[3]}日` : date;
}

/** The contact who speaks for the case: the primary one, else the first. */
export function primaryContact(app: ApplicationSnapshot): ContactSnapshot | undefined {
  return app.contacts.find((c) => c.role === 'primary') ?? app.contacts[0];
}

export function contactEmails(app: ApplicationSnapshot | undefined): string[] {
  return [...new Set((app?.contacts ?? []).map((c) => c.email.trim()).filter(Boolean))];
}

/** `団体名（署名検証者名）` for J-LIS's notices, or the organisation alone when the verifier bears its name only. */
export function caseTitle(app: ApplicationSnapshot): string {
  return app.verifierName === app.organizationName
    ? app.organizationName
    : `${app.organizationName}（${app.verifierName}）`;
}

/**
 * The case's 受付番号 as a line of the mail, the number people quote on the phone; never the case's id. A case known
 * only from events older than reception numbers has none to show, so the line is left out.
 */
export function receptionLine(app: ApplicationSnapshot): string | false {
  return !!app.receptionNumber && `受付番号: ${app.receptionNumber}`;
}

/** The kinds of the case in Japanese: `署名検証`, `利用者証明検証`, or both joined by 、. */
export function kindsJa(app: ApplicationSnapshot): string {
  return app.verifierKinds.map((k) => VERIFIER_KIND_NAMES[k] ?? '検証').join('、') || '—';
}

/** What the local government is to J-LIS for this case: 署名検証者, 利用者証明検証者, or both (seed: 署名検証者等). */
export function verifierRole(app: ApplicationSnapshot): string {
  return verifierRoleJa(app.verifierKinds) || '署名検証者';
}

/** The label of `verifierName`: the seed's 署名検証者名 (R1), 利用者証明検証者名 for a case of that kind only. */
export function verifierNameLabel(app: ApplicationSnapshot): string {
  return app.verifierKinds.length > 0 && !app.verifierKinds.includes('signature')
    ? '利用者証明検証者名'
    : '署名検証者名';
}

/** The lines identifying a case in a mail body: 受付番号, organisation, verifier, kinds; never an id. */
export function caseBlock(app: ApplicationSnapshot | undefined): (string | false)[] {
  if (!app) return [];
  return [
    receptionLine(app),
    `団体名: ${app.organizationName}（団体コード ${app.organizationCode}）`,
    `${verifierNameLabel(app)}: ${app.verifierName}`,
    `検証の種類: ${kindsJa(app)}`,
  ];
}

export type Line = string | false | undefined | null;

export function lines(...parts: (Line | Line[])[]): string {
  return parts
    .flat()
    .filter((p): p is string => typeof p === 'string')
    .join('\n');
}
