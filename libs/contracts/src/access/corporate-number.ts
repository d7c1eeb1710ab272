import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * 法人番号: 13 digits, the first a check digit over the other twelve:
 * 9 − (Σ digit × weight mod 9), weights 1, 2, 1, 2 … from the rightmost digit.
 */
export function corporateNumberCheckDigit(lastTwelve: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const digit = Number(lastTwelve[11 - i]);
    sum += digit * (i % 2 === 0 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

export function isValidCorporateNumber(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    /^\d{13}$/.test(value) &&
    corporateNumberCheckDigit(value.slice(1)) === Number(value[0])
  );
}

/** class-validator decorator: a 13-digit 法人番号 with a correct check digit (the first digit). */
export function IsCorporateNumber(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCorporateNumber',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: ({ property, value }) =>
          typeof value === 'string' && /^\d{13}$/.test(value)
            ? `${property} ${value}: the check digit (the first digit) is wrong; it should be ${corporateNumberCheckDigit(value.slice(1))}. Check the 法人番号`
            : `${property} must be a 13-digit 法人番号 (corporate number), e.g. 7000012050002`,
        ...options,
      },
      validator: { validate: (value: unknown) => isValidCorporateNumber(value) },
    });
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused). */
export function isCalendarDateString(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: ({ property, value }) =>
          `${property} ${String(value)} is not a calendar date; write YYYY-MM-DD (e.g. 2026-04-01)`,
        ...options,
      },
      validator: { validate: (value: unknown) => isCalendarDateString(value) },
    });
}
