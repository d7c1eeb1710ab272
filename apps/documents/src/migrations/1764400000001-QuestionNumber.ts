import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A question's short number (`Q-00012`, in opening order across cases), which mails and the Q&A list show and people
 * quote instead of the question's id. Questions asked before this are numbered as the column is added.
 */
export class QuestionNumber1764400000001 implements MigrationInterface {
  name = 'QuestionNumber1764400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE question ADD COLUMN number bigserial NOT NULL UNIQUE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE question DROP COLUMN number`);
  }
}
