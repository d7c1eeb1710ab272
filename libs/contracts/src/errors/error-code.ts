import { AccessErrors } from './access.codes';
import { CardsErrors } from './cards.codes';
import { CommonErrors } from './common.codes';
import { DocumentsErrors } from './documents.codes';
import { IntakeErrors } from './intake.codes';
import { NotificationsErrors } from './notifications.codes';

/** Every error code of the suite and the HTTP status the gateway answers it with. */
export const ErrorStatus = {
  ...CommonErrors,
  ...IntakeErrors,
  ...DocumentsErrors,
  ...CardsErrors,
  ...AccessErrors,
  ...NotificationsErrors,
} as const;

export type ErrorCode = keyof typeof ErrorStatus;

/** `ErrorCode.NOT_FOUND === 'NOT_FOUND'`: use these instead of string literals. */
export const ErrorCode = Object.fromEntries(Object.keys(ErrorStatus).map((code) => [code, code])) as {
  readonly [K in ErrorCode]: K;
};

/**
 * Refusals a service decides on what it knows of other services' facts (its projections of their events), which a
 * service that has not yet applied their latest events could give wrongly. Before giving one, the runtime waits for
 * its consumer to catch up with the event stream and checks again (docs/api.md § Consistency tokens). A NOT_FOUND is
 * among them only where a projection decides it (DomainError.awaitingEvents()).
 */
export const EVENT_DEPENDENT_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'PRECONDITION_NOT_YET_KNOWN',
  'CASE_NAMES_NO_CONTRACTOR',
  'CONTRACTOR_NDA_REQUIRED',
  // intake: contractors come from access
  'CONTRACTOR_UNKNOWN',
  // documents: the case from intake, card kinds from cards, contractors and connections from access
  'CASE_NOT_QUALIFIED',
  'UNKNOWN_CARD_KIND',
  'UNKNOWN_CONTRACTOR',
  'UNKNOWN_CONNECTION',
  'SUBMISSION_CONNECTION_WITHDRAWN',
  'SUBMISSION_CONNECTION_WRONG_ENVIRONMENT',
  'CONNECTION_NOT_OF_CONTRACTOR',
  'CONTRACTOR_NOT_NAMED_BY_CASE',
  // cards: acceptances from documents, the case from intake
  'A06_NOT_ACCEPTED',
  'CASE_HAS_NO_CONTRACTOR',
  // access: the case from intake, papers and the agreement from documents, holdings from cards
  'CASE_CLOSED',
  'ONLINE_TEST_NOT_WANTED',
  'TEST_NOT_COMPLETED',
  'CONNECTION_NOT_OF_CASE_CONTRACTOR',
  'CONNECTION_NOT_REGISTERED_ELSEWHERE',
  'ACCESS_PRECONDITION_MISSING',
  'AGREEMENT_NOT_CONCLUDED',
  'START_DATE_BEFORE_AGREEMENT',
  'SEAL_NOT_CONFIRMED',
  'CARDS_OUTSTANDING',
  'ACCESS_ALREADY_GRANTED',
]);

export function statusOf(code: string): number {
  return (ErrorStatus as Record<string, number>)[code] ?? 500;
}

export interface FieldError {
  field: string;
  message: string;
}

/** What crosses NATS when a command or query fails (the `RpcException` payload). */
export interface RpcErrorPayload {
  code: string;
  status: number;
  message: string;
  errors?: FieldError[];
  details?: Record<string, unknown>;
}

export function isRpcErrorPayload(value: unknown): value is RpcErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RpcErrorPayload).code === 'string' &&
    typeof (value as RpcErrorPayload).status === 'number' &&
    typeof (value as RpcErrorPayload).message === 'string'
  );
}
