import { ErrorCode, EVENT_DEPENDENT_CODES, FieldError, RpcErrorPayload, statusOf } from '@jlis/contracts';
import { validationDetail, validationFieldMessage } from './validation-messages';

/** What a NOT_FOUND names, in Japanese (DomainError.notFound's `what`). */
const NOT_FOUND_NAMES: Record<string, string> = {
  Application: 'お申し込みの案件',
  Contractor: 'システム受託者',
  Question: '質問',
  'Card loan': 'テスト用カードの貸出',
  Submission: '提出書類',
  'Spec delivery': '技術仕様の送付記録',
  'Access grant': 'アクセス権',
  'Signed agreement file': '締結済み協定書のファイル',
  'Q&A sheet of question': '質問の Q&A シート',
  File: 'ファイル',
  Decision: '承認待ちの決定',
  'Contractor NDA of this case': 'この案件の受託者との守秘義務契約',
  Connection: '接続登録',
  'Card unit': 'テスト用カード',
  'Card kind': 'カード種別',
};

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

  /**
   * NOT_FOUND for `what` (its English name). The id stays in `details` for the client: the sentence a person reads names
   * what was looked for, never the UUID (issue 13, "numbers people can say on the phone").
   */
  static notFound(what: string, id?: string): DomainError {
    const japanese = NOT_FOUND_NAMES[what] ?? '指定された対象';
    return new DomainError(
      'NOT_FOUND',
      `${japanese}が見つかりません。リンクや一覧から開き直してください。 / The ${what.charAt(0).toLowerCase()}${what.slice(1)} asked for was not found.`,
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
