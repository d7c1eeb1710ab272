import holidayJp from '@holiday-jp/holiday_jp';
import { addDays } from './clock';

/**
 * Japanese business days (domain.md § Dates): not a Saturday or Sunday, not a national holiday
 * (@holiday-jp/holiday_jp, a maintained dataset incl. substitute holidays), not in the government
 * year-end closure 29 December – 3 January (行政機関の休日). Dates are `YYYY-MM-DD` days in Japan.
 */
export function isBusinessDay(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`);
  const weekday = day.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  const monthDay = date.slice(5);
  if (monthDay >= '12-29' || monthDay <= '01-03') return false;
  return !isNationalHoliday(date);
}

function isNationalHoliday(date: string): boolean {
  return Object.prototype.hasOwnProperty.call(holidayJp.holidays, date);
}

/** Business days d with `from` < d ≤ `to` (0 when `to` is not after `from`). */
export function businessDaysAfter(from: string, to: string): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isBusinessDay(day)) count += 1;
  return count;
}

/** `date` itself when it is a business day, else the next one. */
export function onOrNextBusinessDay(date: string): string {
  let day = date;
  while (!isBusinessDay(day)) day = addDays(day, 1);
  return day;
}

/**
 * Which reminder a wait of `days` business days is due for when one is sent after `period` business days and again
 * after each further period: null while within the first period, then 0, 1, 2 … — the ordinal that keys a reminder's
 * row, so each is sent once. Shared by every "still waiting" reminder (review SLA, stalled cases).
 */
export function reminderOrdinal(days: number, period: number): number | null {
  return days > period ? Math.floor((days - period - 1) / period) : null;
}
