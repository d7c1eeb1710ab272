/**
 * The one mapping from a field's validation failure to what a person reads: a polite Japanese sentence naming the field,
 * then " / " and the English message (as every problem's detail is written). Kept apart from how validators run
 * (validation.ts) so that either can change without the other; `DomainError.validation` applies it to every field
 * message, so handwritten field errors get their Japanese here too, not per DTO.
 */

/**
 * A Japanese sentence (Japanese, then 。) in a message: it is already written for people and is kept as it is. A
 * Japanese word alone is not one (an English message may cite 千代田区).
 */
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff][^/]*。/;

const number = (english: string): string | undefined => /(\d+)/.exec(english)?.[1];

/** Constraint (class-validator's name, or one recognised in a handwritten English message) → the Japanese sentence. */
const SENTENCES: Record<string, (f: string, english: string) => string> = {
  isDefined: (f) => `「${f}」を入力してください。`,
  isNotEmpty: (f) => `「${f}」を入力してください。`,
  isString: (f) => `「${f}」は文字列で入力してください。`,
  isEmail: (f) => `「${f}」にはメールアドレスを入力してください。`,
  isUrl: (f) => `「${f}」には URL を入力してください。`,
  maxLength: (f, e) => `「${f}」は ${number(e) ?? ''} 文字以内で入力してください。`,
  minLength: (f, e) =>
    number(e) === '1' ? `「${f}」を入力してください。` : `「${f}」は ${number(e) ?? ''} 文字以上で入力してください。`,
  isIn: (f, e) => {
    const values = /one of the following values:\s*(.+)$/.exec(e)?.[1];
    return values
      ? `「${f}」は ${values} のいずれかを指定してください。`
      : `「${f}」は決められた値から指定してください。`;
  },
  isEnum: (f) => `「${f}」は決められた値から指定してください。`,
  isInt: (f) => `「${f}」は整数で入力してください。`,
  isNumber: (f) => `「${f}」は数値で入力してください。`,
  min: (f, e) => `「${f}」は ${number(e) ?? ''} 以上の値を入力してください。`,
  max: (f, e) => `「${f}」は ${number(e) ?? ''} 以下の値を入力してください。`,
  isBoolean: (f) => `「${f}」は true または false で指定してください。`,
  isArray: (f) => `「${f}」は一覧 (配列) で指定してください。`,
  arrayMinSize: (f, e) => `「${f}」は ${number(e) ?? ''} 件以上指定してください。`,
  arrayMaxSize: (f, e) => `「${f}」は ${number(e) ?? ''} 件以内で指定してください。`,
  arrayUnique: (f) => `「${f}」に同じ値を重ねて指定しないでください。`,
  isUuid: (f) => `「${f}」の ID の形式が正しくありません。一覧や画面に表示された ID をそのまま指定してください。`,
  isObject: (f) => `「${f}」はオブジェクト (JSON) で指定してください。`,
  nestedValidation: (f) => `「${f}」はオブジェクト (JSON) で指定してください。`,
  isCalendarDate: (f) => `「${f}」には実在する日付を YYYY-MM-DD の形式で入力してください。`,
  isLocalGovernmentCode: (f) => `「${f}」には正しい地方公共団体コード (6 桁、検査数字を含む) を入力してください。`,
  isCorporateNumber: (f) => `「${f}」には正しい法人番号 (13 桁、検査数字を含む) を入力してください。`,
  whitelistValidation: (f) => `「${f}」は受け付けていない項目です。この項目を除いてお送りください。`,
  matches: (f) => `「${f}」の形式が正しくありません。英語の説明にある形式で入力してください。`,
};

/** Handwritten English messages (no constraint name with them) recognised by what they say. */
const RECOGNISED: [RegExp, string][] = [
  [/must be a UUID/i, 'isUuid'],
  [/calendar date|YYYY-MM-DD/i, 'isCalendarDate'],
  [/must be an object|JSON text/i, 'isObject'],
  [/is not accepted|should not exist/i, 'whitelistValidation'],
  [/is required|must not be empty/i, 'isNotEmpty'],
];

/**
 * What a person reads for one field that failed validation. `constraint` is class-validator's name for the check
 * (`isEmail`, `maxLength`, …) when it is known; a message that already carries Japanese is returned as it is.
 */
export function validationFieldMessage(field: string, english: string, constraint?: string): string {
  if (JAPANESE.test(english)) return english;
  const key = constraint ?? RECOGNISED.find(([pattern]) => pattern.test(english))?.[1];
  const sentence = (key && SENTENCES[key]?.(field, english)) || `「${field}」の入力内容をご確認ください。`;
  return `${sentence} / ${english}`;
}

/** The problem's detail for a request refused on its fields. */
export function validationDetail(fields: string[]): string {
  const list = fields.join(', ');
  return `入力内容に誤りがあります。次の項目をご確認ください: ${list}。 / Invalid request: check ${list}.`;
}
