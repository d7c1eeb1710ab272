import type { FieldError } from '@jlis/contracts';
import type { ValidationError } from 'class-validator';
import { DomainError } from './domain-error';
import { validationFieldMessage } from './validation-messages';

/** Flattens class-validator's tree into `{ field: "contact.email", message }` rows, each message for people (Japanese / English). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      const english = message.replace(/^property (\S+) should not exist$/, 'unknown field: $1 is not accepted');
      out.push({ field, message: validationFieldMessage(field, english, constraint) });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/** The exceptionFactory of every ValidationPipe, HTTP and NATS alike. */
export function validationExceptionFactory(errors: ValidationError[]): DomainError {
  return DomainError.validation(flattenValidationErrors(errors));
}
