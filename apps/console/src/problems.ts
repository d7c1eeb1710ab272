import { PortalProblem } from '@jlis/portal-client';

/** A refusal as the console shows it: one sentence for the page and one per field it names. */
export interface Shown {
  message: string;
  fields: Record<string, string>;
}

/**
 * The Japanese part of a suite's sentence: problems and next actions are written "日本語 / English", and the console
 * speaks Japanese only.
 */
export function japanese(text: string): string {
  const at = text.indexOf(' / ');
  return (at >= 0 ? text.slice(0, at) : text).trim();
}

const hasJapanese = (text: string) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(text);

/**
 * For the fields the console's forms show, a Japanese sentence saying what the field needs in the form's own words
 * (the suite's validation sentences name the API path); any other field, a general one.
 */
const FIELD_HINTS: Record<string, string> = {
  organizationCode: '6桁の団体コードを入力してください。',
  verifierName: '署名検証者名を入力してください。',
  verifierKinds: '検証者の種別を一つ以上選んでください。',
  department: '部署を入力してください。',
  'contact.name': '担当者の氏名を入力してください。',
  'contact.phone': '電話番号を 03-1234-5678 のように入力してください。',
  'contact.email': 'メールアドレスを正しい形式で入力してください。',
  reason: '理由を入力してください。',
  reasons: '差戻しの理由を入力してください。',
  items: '提供を受ける仕様書等を選んでください。',
  file: 'ファイルを確認してください。',
  org: '6桁の団体コードを入力してください。',
  contractor: '事業者IDを入力してください。',
};

/**
 * A field's refusal in Japanese. The suite's validation sentences name the field by its API path (「contact.email」に…),
 * which is right for a portal's developer but not for a person at a form labelled 「メールアドレス」: for such a sentence
 * the console's own hint for the field wins when it has one. A sentence written for the rule (no API path in it) is
 * kept as the suite wrote it, being more precise than any hint.
 */
export function fieldMessage(field: string, message: string): string {
  const hint = FIELD_HINTS[field] ?? FIELD_HINTS[field.split('.')[0]];
  if (hasJapanese(message) && !(hint && message.includes(`「${field}」`))) return japanese(message);
  return hint ?? 'この項目の内容を確認してください。';
}

const BY_STATUS: Record<number, string> = {
  400: '入力内容を確認してください。',
  401: 'サインインの有効期限が切れました。もう一度サインインしてください。',
  403: 'この操作を行う権限がありません。',
  404: '見つかりませんでした。',
  413: 'ファイルが大きすぎます(上限 20 MB)。',
  409: 'この操作は、いまの手続の状態では行えません。',
  422: 'この操作は受け付けられませんでした。',
  429: '操作が集中しています。少し待ってからもう一度お試しください。',
  // The suite's own failures answer in English (internal detail); a person reads what to do.
  500: 'システムでエラーが発生しました。少し待ってからもう一度お試しください。続く場合は J-LIS にお問い合わせください。',
  502: 'システムが一時的に応答していません。少し待ってからもう一度お試しください。',
  503: 'システムが一時的に応答していません。少し待ってからもう一度お試しください。',
  504: 'システムの応答が遅れています。少し待ってからもう一度お試しください。',
};

/** What to show for an error thrown by a call: the problem's own message, and each field's next to that field. */
export function shownProblem(error: unknown): Shown {
  if (!(error instanceof PortalProblem)) {
    return { message: error instanceof Error ? error.message : 'エラーが発生しました。', fields: {} };
  }
  const fields: Record<string, string> = {};
  for (const e of error.problem.errors ?? []) {
    if (e.field && !fields[e.field]) fields[e.field] = fieldMessage(e.field, e.message);
  }
  const detail = japanese(error.problem.detail ?? '');
  const message = hasJapanese(detail) ? detail : (BY_STATUS[error.status] ?? (detail || 'エラーが発生しました。'));
  return { message, fields };
}
