/**
 * The 受付番号 of a case: `JPKI-<year>-<sequence>`, e.g. `JPKI-2026-00042` — what people say on the phone and write on
 * paper instead of the case's UUID. The year is the calendar year in Japan when the A-1 was accepted; the sequence
 * starts at 1 each year, has no gaps (intake takes it inside the A-1 transaction) and is written with at least five
 * digits (a sixth appears only past 99,999 cases in a year).
 */
export const RECEPTION_NUMBER_PREFIX = 'JPKI';

export function formatReceptionNumber(year: number, sequence: number): string {
  return `${RECEPTION_NUMBER_PREFIX}-${year}-${String(sequence).padStart(5, '0')}`;
}

/**
 * The reception number someone typed into a search box, written as intake stores it, or undefined when the text is
 * not one. Forgiving of how people write it: any case, full-width digits and hyphens, no leading zeros, spaces, with
 * or without the prefix when the year is there (`jpki-2026-42`, `ＪＰＫＩ－２０２６－０００４２`, `2026-42`).
 */
export function parseReceptionNumber(text: string): string | undefined {
  const ascii = text
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212\u30fc]/g, '-')
    .replace(/\s+/g, '')
    .toUpperCase();
  const m = /^(?:JPKI-?)?(\d{4})-(\d{1,9})$/.exec(ascii) ?? /^JPKI(\d{4})(\d{1,9})$/.exec(ascii);
  if (!m) return undefined;
  const sequence = Number(m[2]);
  return sequence > 0 ? formatReceptionNumber(Number(m[1]), sequence) : undefined;
}
