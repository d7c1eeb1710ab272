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
