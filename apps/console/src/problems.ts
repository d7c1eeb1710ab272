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

const BY_STATUS: Record<number, string> = {
  400: '入力内容を確認してください。',
  401: 'サインインの有効期限が切れました。もう一度サインインしてください。',
  403: 'この操作を行う権限がありません。',
  404: '見つかりませんでした。',
  413: 'ファイルが大きすぎます(上限 20 MB)。',
  409: 'この操作は、いまの手続の状態では行えません。',
  422: 'この操作は受け付けられませんでした。',
  429: '操作が集中しています。少し待ってからもう一度お試しください。',
};

/** What to show for an error thrown by a call: the problem's own message, and each field's next to that field. */
export function shownProblem(error: unknown): Shown {
  if (!(error instanceof PortalProblem)) {
    return { message: error instanceof Error ? error.message : 'エラーが発生しました。', fields: {} };
  }
  const fields: Record<string, string> = {};
  for (const e of error.problem.errors ?? []) {
    if (e.field && !fields[e.field]) fields[e.field] = japanese(e.message);
  }
  const detail = japanese(error.problem.detail ?? '');
  const hasJapanese = /[\u3040-\u30ff\u4e00-\u9fff]/.test(detail);
  const message = hasJapanese ? detail : (BY_STATUS[error.status] ?? (detail || 'エラーが発生しました。'));
  return { message, fields };
}
