import { adminUrlFor, serviceDatabaseUrl } from './database.provision';

describe(adminUrlFor.name, () => {
  const admin = 'postgres://admin:secret@db.internal:5432/jlis?sslmode=require';

  it('is the admin connection itself for a service on the admin database', () => {
    expect(adminUrlFor(admin, serviceDatabaseUrl(admin, 'cards'))).toBe(admin);
  });

  it('reaches a database of its own on another server as the admin, with the admin connection settings', () => {
    const sut = new URL(adminUrlFor(admin, 'postgres://jlis_cards:pw@cards-db.internal:6543/cards'));
    expect([sut.username, sut.password, sut.host, sut.pathname, sut.search]).toEqual([
      'admin',
      'secret',
      'cards-db.internal:6543',
      '/cards',
      '?sslmode=require',
    ]);
  });
});
