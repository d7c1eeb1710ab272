import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DocumentsEvents,
  formatQuestionNumber,
  FileMeta,
  pageWindow,
  QuestionAnswer,
  QuestionContent,
  QuestionCreate,
  QuestionList,
  QuestionView,
} from '@jlis/contracts';
import {
  CaseProjection,
  Clock,
  DomainError,
  Outbox,
  ruleR7QuestionsUntilCaseClosed,
  withIdempotency,
} from '@jlis/runtime';
import { DataSource, EntityManager } from 'typeorm';
import { caseFor } from '../files/case-access';
import { fileMeta, FilesService, fileView } from '../files/files.service';

interface QuestionRow {
  id: string;
  number: string;
  application_id: string;
  subject: string;
  body: string;
  file_id: string | null;
  asked_by: string;
  asked_at: Date;
}

/**
 * R7 / A-7: questions (optionally with the A-07 sheet) and answers; an unanswered question stays visibly open. Asked
 * at any time of an open case, after the agreement too (decision 70).
 */
@Injectable()
export class QaService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly files: FilesService,
    private readonly cases: CaseProjection,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async ask(req: QuestionCreate.Request): Promise<QuestionCreate.Response> {
    const { objectName: _ignored, ...fileForHash } = req.file ?? { objectName: '' };
    const upload = req.file ? await this.files.check(req.file) : null;
    const answer = await this.ds.transaction(async (m) => {
      const hashed = { a: req.applicationId, b: req.body, f: req.file ? fileForHash : null };
      const { response } = await withIdempotency(m, req.caller, req.idempotencyKey, hashed, async () => {
        const snapshot = await caseFor(this.cases, req.caller, req.applicationId, m);
        // R7 as we run it (decision 70): the A-7 step ends with the agreement, the Q&A does not — questions during
        // testing and after go-live are asked on the case. Only a closed case takes none.
        ruleR7QuestionsUntilCaseClosed(snapshot.status);
        const file = upload ? await this.files.record(m, req.caller, upload) : null;
        const [{ id, number }]: { id: string; number: string }[] = await m.query(
          `INSERT INTO question (application_id, subject, body, file_id, asked_by, asked_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, number`,
          [req.applicationId, req.body.subject, req.body.body, file?.id ?? null, req.caller.sub, this.clock.now()],
        );
        await this.outbox.add(m, {
          type: DocumentsEvents.QuestionAsked,
          aggregateId: id,
          aggregateVersion: 1,
          applicationId: req.applicationId,
          payload: {
            questionId: id,
            questionNumber: formatQuestionNumber(number),
            applicationId: req.applicationId,
            subject: req.body.subject,
          },
        });
        return (await this.views(m, req.applicationId, id))[0];
      });
      return response;
    });
    await this.files.dropIfUnrecorded(req.file);
    return answer;
  }

  async answer(req: QuestionAnswer.Request): Promise<QuestionAnswer.Response> {
    return this.ds.transaction(async (m) => {
      const { response } = await withIdempotency(
        m,
        req.caller,
        req.idempotencyKey,
        { q: req.questionId, b: req.body },
        async () => {
          const question = await this.visible(m, req);
          const [{ n }]: { n: number }[] = await m.query(
            `SELECT count(*)::int AS n FROM answer WHERE question_id = $1`,
            [question.id],
          );
          const [{ id }]: { id: string }[] = await m.query(
            `INSERT INTO answer (question_id, body, answered_by, answered_at) VALUES ($1, $2, $3, $4) RETURNING id`,
            [question.id, req.body.body, req.caller.sub, this.clock.now()],
          );
          await this.outbox.add(m, {
            type: DocumentsEvents.QuestionAnswered,
            aggregateId: question.id,
            aggregateVersion: n + 2,
            applicationId: question.application_id,
            payload: {
              questionId: question.id,
              questionNumber: formatQuestionNumber(question.number),
              applicationId: question.application_id,
              subject: question.subject,
              answerId: id,
            },
          });
          return (await this.views(m, question.application_id, question.id))[0];
        },
      );
      return response;
    });
  }

  async list(req: QuestionList.Request): Promise<QuestionList.Response> {
    await caseFor(this.cases, req.caller, req.applicationId, this.ds.manager, 'confidential');
    const all = await this.views(this.ds.manager, req.applicationId);
    const matching = req.query.status ? all.filter((q) => q.status === req.query.status) : all;
    const { skip, take, page, limit } = pageWindow(req.query);
    return {
      items: matching.slice(skip, skip + take),
      total: matching.length,
      page,
      limit,
      open: all.filter((q) => q.status === 'open').length,
    };
  }

  async content(req: QuestionContent.Request): Promise<FileMeta> {
    const question = await this.visible(this.ds.manager, req);
    if (!question.file_id) throw DomainError.notFound('Q&A sheet of question', question.id);
    return fileMeta(await this.files.byId(question.file_id));
  }

  private async visible(
    m: EntityManager,
    req: { caller: QuestionContent.Request['caller']; questionId: string },
  ): Promise<QuestionRow> {
    const [row]: QuestionRow[] = await m.query(`SELECT * FROM question WHERE id = $1`, [req.questionId]);
    if (!row) throw DomainError.notFound('Question', req.questionId);
    await caseFor(this.cases, req.caller, row.application_id, m, 'confidential', () =>
      DomainError.notFound('Question', req.questionId),
    );
    return row;
  }

  private async views(m: EntityManager, applicationId: string, id?: string): Promise<QuestionView[]> {
    const rows: QuestionRow[] = await m.query(
      `SELECT * FROM question WHERE application_id = $1 ${id ? 'AND id = $2' : ''} ORDER BY asked_at`,
      id ? [applicationId, id] : [applicationId],
    );
    const answers: { id: string; question_id: string; body: string; answered_by: string; answered_at: Date }[] =
      await m.query(`SELECT * FROM answer WHERE question_id = ANY($1) ORDER BY answered_at`, [rows.map((r) => r.id)]);
    const out: QuestionView[] = [];
    for (const r of rows) {
      const mine = answers.filter((a) => a.question_id === r.id);
      const file = r.file_id ? await this.files.byId(r.file_id, m) : null;
      out.push({
        id: r.id,
        number: formatQuestionNumber(r.number),
        applicationId: r.application_id,
        subject: r.subject,
        body: r.body,
        file: file ? fileView(file) : null,
        contentPath: file ? `/api/v1/questions/${r.id}/content` : null,
        status: mine.length ? 'answered' : 'open',
        askedBy: r.asked_by,
        askedAt: new Date(r.asked_at).toISOString(),
        answers: mine.map((a) => ({
          id: a.id,
          body: a.body,
          answeredBy: a.answered_by,
          answeredAt: new Date(a.answered_at).toISOString(),
        })),
      });
    }
    return out;
  }
}
