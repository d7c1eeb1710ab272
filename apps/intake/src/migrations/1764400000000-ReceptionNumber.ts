import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 受付番号 (`JPKI-2026-00042`): one per case, sequential per calendar year in Japan without gaps. The counter is a row
 * per year that the A-1 transaction increments, so a rolled-back A-1 gives its number back and two concurrent A-1s
 * queue on the row instead of skipping. Cases opened before this get numbers in the order they were requested.
 */
export class ReceptionNumber1764400000000 implements MigrationInterface {
  name = 'ReceptionNumber1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE reception_counter (year int PRIMARY KEY, last int NOT NULL CHECK (last > 0))`);
    await q.query(`ALTER TABLE application ADD COLUMN reception_number text`);
    await q.query(
      `WITH numbered AS (
         SELECT id, extract(year FROM requested_at AT TIME ZONE 'Asia/Tokyo')::int AS year,
                row_number() OVER (PARTITION BY extract(year FROM requested_at AT TIME ZONE 'Asia/Tokyo')
                                   ORDER BY requested_at, id)::int AS seq
         FROM application)
       UPDATE application a SET reception_number = 'JPKI-' || n.year || '-' || lpad(n.seq::text, 5, '0')
       FROM numbered n WHERE a.id = n.id`,
    );
    await q.query(
      `INSERT INTO reception_counter (year, last)
       SELECT split_part(reception_number, '-', 2)::int, count(*) FROM application GROUP BY 1`,
    );
    await q.query(`ALTER TABLE application ALTER COLUMN reception_number SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX application_reception_number ON application (reception_number)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application DROP COLUMN reception_number`);
    await q.query(`DROP TABLE reception_counter`);
  }
}
