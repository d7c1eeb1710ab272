import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { A06Fields, DocumentsEvents, EventEnvelope, SubmissionEventPayload } from '@jlis/contracts';
import { EventConsumer, flattenValidationErrors, LOGGER, Logger } from '@jlis/runtime';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { EntityManager } from 'typeorm';
import { Allocator } from './allocator';

/**
 * R6: a loan opens when documents accepts an A-06 (テスト用ICカード借用書), for the kinds and counts of its
 * `fields.cards`. Runs in the consumer's transaction with the inbox row, so a redelivery changes nothing; the
 * unique key on the submission keeps a republished event (new event id) from opening a second loan.
 * A receipt whose fields cannot open a loan (unknown kind, zero or absurd quantity) is kept with its problems
 * and an operator opens the loan by hand (POST /api/v1/card-loans).
 */
@Injectable()
export class A06Consumer implements OnModuleInit {
  constructor(
    @Inject(EventConsumer) private readonly consumer: EventConsumer,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly allocator: Allocator,
  ) {}

  onModuleInit(): void {
    this.consumer.on<SubmissionEventPayload>(DocumentsEvents.SubmissionAccepted, (event, m) =>
      this.onAccepted(event, m),
    );
  }

  async onAccepted(event: EventEnvelope<SubmissionEventPayload>, m: EntityManager): Promise<void> {
    const { form, submissionId, applicationId } = event.payload;
    if (form !== 'A-06') return;
    const cards = (event.payload.fields ?? {}).cards;
    const fields = plainToInstance(A06Fields, { cards });
    const problems =
      cards === undefined || cards === null
        ? [{ field: 'cards', message: 'the receipt carries no structured cards (e.g. a paper receipt)' }]
        : flattenValidationErrors(await validate(fields, { whitelist: true }));
    const lines = problems.length ? [] : fields.cards.map((c) => ({ kind: c.kind, quantity: c.quantity }));
    const kinds = lines.map((l) => l.kind);
    if (new Set(kinds).size !== kinds.length) problems.push({ field: 'cards', message: 'a card kind is named twice' });
    if (!problems.length) {
      const known: { code: string }[] = await m.query(`SELECT code FROM card_kind WHERE code = ANY($1) AND active`, [
        kinds,
      ]);
      for (const kind of kinds.filter((k) => !known.some((r) => r.code === k)))
        problems.push({ field: 'cards.kind', message: `unknown card kind ${kind}` });
    }
    await m.query(
      `INSERT INTO a06_receipt (submission_id, application_id, cards, problems) VALUES ($1, $2, $3, $4) ON CONFLICT (submission_id) DO NOTHING`,
      [
        submissionId,
        applicationId,
        JSON.stringify(event.payload.fields?.cards ?? null),
        problems.length ? JSON.stringify(problems) : null,
      ],
    );
    if (problems.length) {
      this.logger.warn(
        { submissionId, applicationId, problems },
        'accepted A-06 cannot open a loan; an operator must open it by hand',
      );
      return;
    }
    await this.allocator.open(m, {
      applicationId,
      submissionId,
      lines,
      actor: `${event.actor.role}:${event.actor.sub}`,
    });
  }
}
