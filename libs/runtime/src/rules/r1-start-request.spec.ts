import { ruleR1StartRequestSubject } from './r1-start-request';

describe(ruleR1StartRequestSubject.name, () => {
  it('writes the seed’s subject byte for byte: ASCII parentheses around 「」', () => {
    expect(ruleR1StartRequestSubject('X市署名検証')).toBe('申請手続開始依頼\u0028\u300CX市署名検証\u300D\u0029');
  });
});
