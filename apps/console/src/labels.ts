/** Words the console shows for the suite's codes. */
export const STEP_STATUS: Record<string, string> = {
  done: '完了',
  open: '対応中',
  waiting: '待機中',
  scheduled: '予定',
  'not-needed': '不要',
};

export const CASE_STATUS: Record<string, string> = {
  requested: '申請受付',
  qualified: '適格',
  rejected: '不適格',
  live: '提供中',
  suspended: '停止中',
  revoked: '取消',
  withdrawn: '取下げ',
};

export const ROLE: Record<string, string> = {
  operator: 'J-LIS 担当者',
  applicant: '地方公共団体',
  contractor: 'システム事業者',
};

export const ACTOR: Record<string, string> = { operator: 'J-LIS', applicant: '地方公共団体' };

export const VERIFIER_KIND: Record<string, string> = {
  signature: '署名検証者',
  'user-certificate': '利用者証明検証者',
};

export const SUBMISSION_STATUS: Record<string, string> = { received: '審査待ち', accepted: '受理', returned: '差戻し' };

export const STEPS = ['A-1', 'A-2', 'A-3', 'A-4', 'A-5', 'A-6', 'A-7', 'A-8', 'A-9', 'A-10', 'A-11', 'A-12'] as const;

/** 2026-12-01T02:03:04Z → 2026/12/01 11:03 (Japan time: the procedure's dates are days in Japan). */
export function jst(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat('ja-JP', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** Today as a day in Japan (YYYY-MM-DD): the default of the procedure's date fields. */
export function todayInJapan(now = Date.now()): string {
  return new Date(now + 9 * 3_600_000).toISOString().slice(0, 10);
}

export const ENVIRONMENT: Record<string, string> = { test: 'テスト環境', production: '本番環境' };

export const MEDIUM: Record<string, string> = { email: '電子メール', 'cd-rom': 'CD-ROM(郵送)' };
