import { connectionCitation, connectionCitationSentence } from './connection-citation';

describe('connectionCitation', () => {
  it('lets a case cite a connection of the contractor it names', () => {
    expect(connectionCitation('c-1', 'c-1')).toBe('ok');
  });

  it("refuses another contractor's connection", () => {
    expect(connectionCitation('c-2', 'c-1')).toBe('foreign');
  });

  it('refuses every connection while the case names no contractor', () => {
    expect(connectionCitation('c-1', null)).toBe('case-names-no-contractor');
    expect(connectionCitation('c-1', undefined)).toBe('case-names-no-contractor');
    expect(connectionCitation('c-1', '')).toBe('case-names-no-contractor');
  });

  it('says what to do in Japanese, then English, naming the contractor and no id', () => {
    const foreign = connectionCitationSentence('foreign', '株式会社システム開発');
    expect(foreign).toMatch(
      /^指定された接続登録は、この申請のシステム受託者（株式会社システム開発）が登録したものではありません。/,
    );
    expect(foreign).toContain(
      ' / The connection cited was not registered by the contractor this case names (株式会社システム開発)',
    );
    expect(connectionCitationSentence('foreign')).not.toContain('（');
    expect(connectionCitationSentence('case-names-no-contractor')).toMatch(
      /先にシステム受託者を指定してください.* \/ This case names no system contractor/,
    );
  });
});
