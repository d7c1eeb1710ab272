/**
 * Events of the intake service. Changing a type string or removing a field needs a migration plan:
 * other services' projections and stored timelines depend on them. Add fields freely.
 */
export const VERIFIER_KINDS = ['signature', 'user-certificate'] as const;
export type VerifierKind = (typeof VERIFIER_KINDS)[number];

/** What people call each kind (the seed's 署名検証者 / 利用者証明検証者); the codes above never reach a person. */
export const VERIFIER_KIND_NAMES: Record<VerifierKind, { ja: string; en: string }> = {
  signature: { ja: '署名検証', en: 'signature verification' },
  'user-certificate': { ja: '利用者証明検証', en: 'user-certificate verification' },
};

/** The kinds of a case in Japanese, in the seed's order: `署名検証`, `利用者証明検証` or `署名検証・利用者証明検証`. */
export function verifierKindsJa(kinds: readonly VerifierKind[]): string {
  return VERIFIER_KINDS.filter((k) => kinds.includes(k))
    .map((k) => VERIFIER_KIND_NAMES[k].ja)
    .join('・');
}

/** Who the case's organisation is to J-LIS: `署名検証者`, `利用者証明検証者` or `署名検証者・利用者証明検証者`. */
export function verifierRoleJa(kinds: readonly VerifierKind[]): string {
  return VERIFIER_KINDS.filter((k) => kinds.includes(k))
    .map((k) => `${VERIFIER_KIND_NAMES[k].ja}者`)
    .join('・');
}

/** Case statuses (see docs/lifecycle.md). */
export const APPLICATION_STATUSES = [
  'requested',
  'qualified',
  'rejected',
  'live',
  'suspended',
  'revoked',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const CONTACT_ROLES = ['primary', 'secondary', 'technical'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** What people call each contact's role (A-11-3's 主担当・副担当・技術担当); the codes never reach a person. */
export const CONTACT_ROLE_NAMES: Record<ContactRole, { ja: string; en: string }> = {
  primary: { ja: '主担当', en: 'primary' },
  secondary: { ja: '副担当', en: 'secondary' },
  technical: { ja: '技術担当', en: 'technical' },
};

/** Case statuses in words (see docs/lifecycle.md). */
export const APPLICATION_STATUS_NAMES: Record<ApplicationStatus, { ja: string; en: string }> = {
  requested: { ja: '開始依頼済み', en: 'requested' },
  qualified: { ja: '資格確認済み', en: 'qualified' },
  rejected: { ja: '資格なし', en: 'rejected' },
  live: { ja: '本番稼働中', en: 'live' },
  suspended: { ja: '停止中', en: 'suspended' },
  revoked: { ja: '取消済み', en: 'revoked' },
  withdrawn: { ja: '取下げ済み', en: 'withdrawn' },
};

export interface ContactSnapshot {
  role: ContactRole;
  name: string;
  department?: string;
  phone: string;
  email: string;
}

/**
 * The whole case as intake holds it, carried by every `intake.application.*` event so that other
 * services keep a projection (parties, verifier kinds, online test wish, contacts) by upserting it when
 * the event's aggregateVersion is newer than theirs.
 */
export interface ApplicationSnapshot {
  id: string;
  /**
   * 受付番号 (reception-number.ts). Absent from events written before it existed; a consumer that shows it must say
   * so rather than fall back to the id.
   */
  receptionNumber?: string;
  organizationCode: string;
  organizationName: string;
  verifierName: string;
  verifierKinds: VerifierKind[];
  department: string;
  status: ApplicationStatus;
  contractorId: string | null;
  wantsOnlineTest: boolean;
  /** the day the applicant recorded its test finished; null until then (absent in older events). */
  testCompletedOn?: string | null;
  contacts: ContactSnapshot[];
  requestedAt: string;
}

export const IntakeEvents = {
  /** */
  ApplicationRequested: 'intake.application.requested',
  /** A-2, qualified. */
  ApplicationQualified: 'intake.application.qualified',
  /** A-2, rejected (payload.reason). */
  ApplicationRejected: 'intake.application.rejected',
  /** PATCH (wantsOnlineTest) or any other edit of the case's own fields. */
  ApplicationUpdated: 'intake.application.updated',
  /** The case names (or renames) its system contractor. */
  ApplicationContractorNamed: 'intake.application.contractor-named',
  /** Contacts replaced (an accepted A-11-3); history kept in intake. */
  ApplicationContactsChanged: 'intake.application.contacts-changed',
  /** the applicant recorded that its test is finished (snapshot.testCompletedOn). */
  ApplicationTestCompleted: 'intake.application.test-completed',
  /** Status moved by the lifecycle (live, suspended, revoked, withdrawn). */
  ApplicationStatusChanged: 'intake.application.status-changed',
} as const;

/**
 * Intake's reminders. Not `intake.application.*` (those carry the whole snapshot and move every service's projection of
 * the case); a reminder changes nothing in the case.
 */
export const IntakeReminderEvents = {
  /** The case has waited on the applicant longer than STALLED_BUSINESS_DAYS: a reminder to its contacts. */
  CaseStalled: 'intake.case.stalled',
} as const;

export interface CaseStalledPayload {
  applicationId: string;
  /** The day in Japan of the case's last step by a person (applicant or J-LIS). */
  lastActivityOn: string;
  businessDaysStalled: number;
  stalledBusinessDays: number;
  /** What the applicant is asked to do: the open steps' actions, in the words of the case's kinds. */
  actions: { step: string; action: string }[];
  /** 0 for the first reminder, then one more each further period without a step. */
  ordinal: number;
}

export interface ApplicationEventPayload {
  application: ApplicationSnapshot;
  /** Rejection reason, status-change reason. */
  reason?: string;
  previousContractorId?: string | null;
}
