import { isValidLocalGovernmentCode, localGovernmentCheckDigit } from '@jlis/contracts';
import { directoryCsvPath, readDirectory } from './directory-data';

// The oracle is the published directory (every code in it carries a correct check digit, data/README.md)
// and domain.md's worked examples — never values computed by the function under test.
const codes = readDirectory().map((r) => r.code);

describe('local government code check digit', () => {
  it('reads all 1,963 codes of the shipped directory', () => {
    expect(codes).toHaveLength(1963);
    expect(new Set(codes).size).toBe(1963);
  });

  it('accepts every real code of the directory', () => {
    const refused = codes.filter((code) => !isValidLocalGovernmentCode(code));
    expect(refused).toEqual([]);
  });

  it('refuses every real code whose check digit is replaced by any other digit', () => {
    const accepted: string[] = [];
    for (const code of codes) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === code[5]) continue;
        const corrupted = code.slice(0, 5) + d;
        if (isValidLocalGovernmentCode(corrupted)) accepted.push(corrupted);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('matches the worked examples of domain.md', () => {
    expect(localGovernmentCheckDigit('13101')).toBe(6); // 千代田区, r 5
    expect(localGovernmentCheckDigit('13104')).toBe(1); // 新宿区, r 0
    expect(localGovernmentCheckDigit('13113')).toBe(0); // 渋谷区, r 1
    expect(isValidLocalGovernmentCode('141500')).toBe(true); // 相模原市
    expect(isValidLocalGovernmentCode('130001')).toBe(true); // 東京都
  });

  it('refuses what is not six digits', () => {
    for (const value of ['13101', '1310160', '13101a', ' 131016', '', 131016, null, undefined]) {
      expect(isValidLocalGovernmentCode(value)).toBe(false);
    }
  });

  it('finds the data file by walking up from a compiled location too', () => {
    expect(directoryCsvPath(`${__dirname}/../../../../dist/apps/intake/src/migrations`)).toBe(directoryCsvPath());
  });
});
