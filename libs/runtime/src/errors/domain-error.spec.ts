import { DomainError } from './domain-error';

describe('DomainError.notFound', () => {
  it('names what was looked for in Japanese and English, keeping the id in details and out of the sentence', () => {
    const id = '0b9e2f64-3c1d-4a8e-9f27-5d6c1e8a4b30';
    const sut = DomainError.notFound('Card loan', id);
    expect(sut.status).toBe(404);
    expect(sut.message).toBe(
      'テスト用カードの貸出が見つかりません。リンクや一覧から開き直してください。 / The card loan asked for was not found.',
    );
    expect(sut.message).not.toContain(id);
    expect(sut.details).toEqual({ id });
  });

  it('has a Japanese sentence for a name it does not know too', () => {
    expect(DomainError.notFound('Widget').message).toMatch(
      /^指定された対象が見つかりません。.* \/ The widget asked for/,
    );
  });
});
