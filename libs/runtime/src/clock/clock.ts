/** Calendar dates in this suite are days in Japan (Asia/Tokyo), whatever the server's time zone. */
const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;

/** `YYYY-MM-DD` of the given instant in Japan (Japan has no daylight saving, so a fixed offset is exact). */
export function japanDate(instant: Date): string {
  return new Date(instant.getTime() + JAPAN_OFFSET_MS).toISOString().slice(0, 10);
}

/** Days between two `YYYY-MM-DD` dates (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** True when `value` is a real calendar date written `YYYY-MM-DD` (2026-02-30 is not). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** Injectable time source. Services ask it for "now" and "today in Japan"; tests move it. */
export abstract class Clock {
  abstract now(): Date;
  todayInJapan(): string {
    return japanDate(this.now());
  }
}

export class SystemClock extends Clock {
  constructor(private readonly offsetDays = 0) {
    super();
  }
  now(): Date {
    return new Date(Date.now() + this.offsetDays * 86_400_000);
  }
}

/** A clock tests set and move by hand. */
export class ManualClock extends Clock {
  constructor(private current: Date = new Date()) {
    super();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(instant: Date | string): void {
    this.current = new Date(instant);
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}
