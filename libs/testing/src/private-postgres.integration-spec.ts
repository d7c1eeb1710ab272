import { Client } from 'pg';
import { startPrivatePostgres } from './private-postgres';

describe(startPrivatePostgres.name, () => {
  it('starts a cluster of its own that survives a restart', async () => {
    const sut = await startPrivatePostgres();
    try {
      const query = async (sql: string) => {
        const c = new Client({ connectionString: sut.url });
        await c.connect();
        try {
          return (await c.query(sql)).rows;
        } finally {
          await c.end();
        }
      };
      await query('CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)');
      await sut.restart();
      expect(await query('SELECT n FROM kept')).toEqual([{ n: 7 }]);
      expect(sut.port).not.toBe(5432);
    } finally {
      sut.destroy();
    }
  });
});
