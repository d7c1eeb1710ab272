import { ErrorCode, EVENT_DEPENDENT_CODES, FieldError, RpcErrorPayload, statusOf } from '@jlis/contracts';
import { validationDetail, validationFieldMessage } from './validation-messages';

/**
 * The one error type of the domain: a stable code (its HTTP status comes from contracts' table),
 * a sentence a person can act on, and, for validation, the failing fields.
 */
export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'DomainError';
    this.status = statusOf(code);
  }

  private decidedOnEvents = false;

  /**
   * A refusal that may only mean "not yet seen": its code is one of EVENT_DEPENDENT_CODES, or its thrower said so
   * (`awaitingEvents()`). The runtime gives it only after this service has caught up with the event stream.
   */
  get awaitsEvents(): boolean {
    return this.decidedOnEvents || EVENT_DEPENDENT_CODES.has(this.code);
  }

  /** Marks a refusal decided on a projection of another service's events (a NOT_FOUND of a case not seen yet). */
  awaitingEvents(): this {
    this.decidedOnEvents = true;
    return this;
  }

  static notFound(what: string, id?: string): DomainError {
    return new DomainError(
      'NOT_FOUND',
      id ? `${what} ${id} was not found.` : `${what} was not found.`,
      id ? { id } : undefined,
    );
  }

  static validation(errors: FieldError[]): DomainError {
    // Every field's message is for people: handwritten English ones get their Japanese sentence here (decision 233).
    const read = errors.map((e) => ({ ...e, message: validationFieldMessage(e.field, e.message) }));
    return new DomainError('VALIDATION_FAILED', validationDetail(read.map((e) => e.field)), undefined, read);
  }

  static fromPayload(payload: RpcErrorPayload): DomainError {
    const error = new DomainError(payload.code as ErrorCode, payload.message, payload.details, payload.errors);
    (error as { status: number }).status = payload.status;
    return error;
  }

  toPayload(): RpcErrorPayload {
    return { code: this.code, status: this.status, message: this.message, errors: this.errors, details: this.details };
  }
}
