import { DomainError } from '../errors/domain-error';

/** The agreement (協定書) in force for a case: its latest version (domain.md R11: the latest version counts). */
export interface AgreementInForce {
  version: number;
  /** Article 13 (効力) effective date, `YYYY-MM-DD` in Japan. */
  effectiveFrom: string;
}

/** The one code of R11, whichever service applies it (decision 141; access's `START_DATE_BEFORE_AGREEMENT` retired). */
export const R11_CODE = 'ACCESS_START_BEFORE_AGREEMENT' as const;

/**
 * R11 (seed): an A-11-2's start date (アクセスを開始する日) is on or after the agreement's Article 13 effective date.
 * Documents applies it when an A-11-2 is submitted and accepted, access again when production access is granted (an
 * amendment may have moved the date since). `field` names the request field the date came in, when it came in one.
 */
export function ruleR11StartDateOnOrAfterAgreement(
  startDate: string,
  agreement: AgreementInForce,
  field?: string,
): void {
  if (startDate >= agreement.effectiveFrom) return;
  throw new DomainError(
    R11_CODE,
    `アクセス開始日 ${startDate} は協定書の効力発生日 ${agreement.effectiveFrom} より前です (R11)。${agreement.effectiveFrom} 以降の日付の A-11-2 をご提出ください。 / The start date ${startDate} is before the agreement's effective date ${agreement.effectiveFrom} (R11); an A-11-2 starting on ${agreement.effectiveFrom} or later is needed.`,
    {
      ...(field ? { field } : {}),
      startDate,
      effectiveFrom: agreement.effectiveFrom,
      agreementVersion: agreement.version,
    },
    field ? [{ field, message: `must be on or after ${agreement.effectiveFrom}` }] : undefined,
  );
}

/**
 * The one code of R11's seal half, whichever service applies it (decision 230; access's `SEAL_NOT_CONFIRMED` retired).
 * Documents' code is kept: it is the one reviewers meet, with the request field named.
 */
export const R11_SEAL_CODE = 'SUBMISSION_SEAL_NOT_CONFIRMED' as const;

/** What is known of an A-11-2's official seal (役職印) when it is accepted or granted on. */
export interface SealFacts {
  /** The reviewer's confirmation: given with the acceptance, or recorded with it (`null`/absent: never confirmed). */
  sealConfirmed: boolean | null | undefined;
  /** `review`: the reviewer is accepting the A-11-2 now; `grant`: production access is set on an accepted one. */
  at: 'review' | 'grant';
}

/**
 * R11 (seed): the A-11-2 bears the organisation's official seal (役職印), confirmed by the reviewer. Documents applies it
 * when a reviewer accepts an A-11-2 (the confirmation comes in the request's `sealConfirmed`), access again when
 * production access is granted on the accepted A-11-2 (the confirmation its acceptance event carried).
 */
export function ruleR11SealConfirmed(facts: SealFacts): void {
  if (facts.sealConfirmed === true) return;
  if (facts.at === 'review') {
    const sentence =
      'A-11-2 は役職印を確認したうえで受理してください (R11)。役職印を確認できた場合は確認済みとして受理し、確認できない場合は差し戻してください。 / An A-11-2 is accepted only with its official seal (役職印) confirmed (R11): send sealConfirmed: true after checking it, or return it.';
    throw new DomainError(R11_SEAL_CODE, sentence, { field: 'sealConfirmed', rule: 'R11' }, [
      { field: 'sealConfirmed', message: sentence },
    ]);
  }
  throw new DomainError(
    R11_SEAL_CODE,
    '受理済みの A-11-2 は役職印の確認が記録されていないため、本番環境へのアクセスを設定できません (R11)。役職印のある A-11-2 をあらためてご提出いただき、確認のうえ受理してください。 / The accepted A-11-2 is not recorded as bearing the official seal (R11); production access needs an A-11-2 accepted with its seal confirmed.',
    { rule: 'R11' },
  );
}
