import { corporateNumberCheckDigit, isCalendarDateString, isValidCorporateNumber } from './corporate-number';

describe('法人番号 check digit', () => {
  it('accepts 7000012050002 and refuses it with any other first digit', () => {
    expect(corporateNumberCheckDigit('000012050002')).toBe(7);
    expect(isValidCorporateNumber('7000012050002')).toBe(true);
    for (const d of '012345689') expect(isValidCorporateNumber(`${d}000012050002`)).toBe(false);
  });

  it('refuses anything but 13 digits', () => {
    expect(isValidCorporateNumber('700001205000')).toBe(false);
    expect(isValidCorporateNumber('70000120500021')).toBe(false);
    expect(isValidCorporateNumber('7000012O50002')).toBe(false);
    expect(isValidCorporateNumber(7000012050002)).toBe(false);
  });

  it('knows real calendar dates', () => {
    expect(isCalendarDateString('2026-02-28')).toBe(true);
    expect(isCalendarDateString('2026-02-30')).toBe(false);
    expect(isCalendarDateString('2026-2-3')).toBe(false);
  });
});
