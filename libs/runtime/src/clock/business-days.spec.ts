import { businessDaysAfter, isBusinessDay, onOrNextBusinessDay, reminderOrdinal } from './business-days';

describe('business days', () => {
  it('skips weekends and national holidays', () => {
    expect(isBusinessDay('2026-11-27')).toBe(true); // Friday
    expect(isBusinessDay('2026-11-28')).toBe(false); // Saturday
    expect(isBusinessDay('2026-11-23')).toBe(false); // 勤労感謝の日 (Monday)
    expect(isBusinessDay('2027-01-11')).toBe(false); // 成人の日
    expect(isBusinessDay('2026-05-06')).toBe(false); // 振替休日
  });

  it('treats 29 December to 3 January as closed, weekday or not', () => {
    for (const day of ['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03'])
      expect(isBusinessDay(day)).toBe(false);
    expect(isBusinessDay('2026-12-28')).toBe(true);
    expect(isBusinessDay('2027-01-04')).toBe(true);
  });

  it('counts business days after a date across a holiday and the year-end closure', () => {
    // Due Fri 2026-12-25; Mon 28 counts; 29 Dec – 3 Jan closed; Mon 4 Jan counts → 2 on 2027-01-04.
    expect(businessDaysAfter('2026-12-25', '2027-01-04')).toBe(2);
    // Due Fri 2026-11-20; Mon 23 is a holiday → Tue 24 is the first business day after.
    expect(businessDaysAfter('2026-11-20', '2026-11-23')).toBe(0);
    expect(businessDaysAfter('2026-11-20', '2026-11-24')).toBe(1);
    expect(businessDaysAfter('2026-11-24', '2026-11-20')).toBe(0);
  });

  it('moves a due date off a closed day', () => {
    expect(onOrNextBusinessDay('2026-12-30')).toBe('2027-01-04');
    expect(onOrNextBusinessDay('2026-11-27')).toBe('2026-11-27');
  });

  it('numbers reminders: none within the first period, then one per further period', () => {
    expect([5, 6, 10, 11, 15, 16].map((days) => reminderOrdinal(days, 5))).toEqual([null, 0, 0, 1, 1, 2]);
    expect(reminderOrdinal(1, 1)).toBeNull();
    expect(reminderOrdinal(2, 1)).toBe(0);
  });
});
