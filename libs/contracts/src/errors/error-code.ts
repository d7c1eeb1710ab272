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
