import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * 全国地方公共団体コード: prefecture (2) + municipality (3) + check digit. Weights 6,5,4,3,2 on the first
 * five digits; r = sum mod 11; check = last digit of (11 − r). domain.md § Local government code.
 */
export function localGovernmentCheckDigit(firstFive: string): number {
  const weights = [6, 5, 4, 3, 2];
  const sum = weights.reduce((acc, weight, i) => acc + weight * Number(firstFive[i]), 0);
  return (11 - (sum % 11)) % 10;
}

/** True when `value` is six digits whose last one is the check digit of the first five. */
export function isValidLocalGovernmentCode(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    /^\d{6}$/.test(value) &&
    localGovernmentCheckDigit(value.slice(0, 5)) === Number(value[5])
  );
}

/** class-validator decorator: a 6-digit local government code with a correct check digit. */
export function IsLocalGovernmentCode(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isLocalGovernmentCode',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: ({ property, value }) =>
          typeof value === 'string' && /^\d{6}$/.test(value)
            ? `${property} ${value} has a wrong check digit (the 6th digit); check the code, e.g. 131016 for 千代田区`
            : `${property} must be a 6-digit local government code (全国地方公共団体コード), e.g. 131016`,
        ...options,
      },
      validator: { validate: (value: unknown) => isValidLocalGovernmentCode(value) },
    });
}
