/** What people read for a form's structured fields: Japanese names and values, never a code's id. */
export const FIELD_LABEL: Record<string, string> = {
  file: 'ファイル',
  items: '仕様書等',
  contractorId: 'システム事業者',
  cards: '試験用カード',
  connectionId: '接続',
  viaLgpki: 'LGPKI 経由',
  methods: '提供方法',
  startDate: 'アクセス開始日',
  reason: '申請の理由',
  members: '構成員',
  url: 'URL',
  contacts: '連絡先',
};

export const fieldLabel = (name: string) => FIELD_LABEL[name] ?? name;

/** Names the review knows for ids and codes it shows: spec items, card kinds, connections, the contractor. */
export type Names = Record<string, string>;

const REASON: Record<string, string> = {
  initial: '新規',
  'system-change': 'システム変更',
  'member-change': '構成員の変更',
};

/** A field's value as a sentence: ids and codes replaced by the names given, lists joined, objects spelled out. */
export function fieldValue(name: string, value: unknown, names: Names): string {
  const named = (code: unknown) => (typeof code === 'string' ? (names[code] ?? code) : String(code));
  if (name === 'viaLgpki') return value ? 'はい' : 'いいえ';
  if (name === 'reason') return REASON[String(value)] ?? String(value);
  if (name === 'cards' && Array.isArray(value)) {
    return value
      .map((line: { kind?: string; quantity?: number }) => `${named(line.kind)} ${line.quantity ?? ''}枚`)
      .join('、');
  }
  if (name === 'contacts' && Array.isArray(value)) {
    return value
      .map((c: Record<string, string>) => [c.name, c.department, c.phone, c.email].filter(Boolean).join(' '))
      .join(' / ');
  }
  if (name === 'methods' && value && typeof value === 'object') {
    return Object.values(value as Record<string, string>)
      .map(named)
      .join('、');
  }
  if (Array.isArray(value)) return value.map(named).join('、');
  if (value && typeof value === 'object') return JSON.stringify(value);
  return named(value);
}
