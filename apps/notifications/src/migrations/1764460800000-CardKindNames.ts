import { MigrationInterface, QueryRunner } from 'typeorm';

/** Names of card kinds projected from `cards.card-kind.defined`, so that mails name a kind, never its code. */
export class CardKindNames1764460800000 implements MigrationInterface {
  name = 'CardKindNames1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE card_kind_name (
      code text PRIMARY KEY,
      name text NOT NULL,
      aggregate_version int NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE card_kind_name`);
  }
}
