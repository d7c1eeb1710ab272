import { Inject, Injectable } from '@nestjs/common';
import { Caller, DeadLetterList, DeadLetterPage, pageWindow, ServiceName } from '@jlis/contracts';
import { DomainError } from '@jlis/runtime';
import { AllServices } from './all-services';

/** A service that could not answer (down, timed out, failing): named, never fatal to the whole list. */
const unanswered = (error: DomainError) => error.status >= 500;

/**
 * One view of the dead letters the five services hold: a list merged from all of them, and actions on one,
 * which only the service holding it carries out (the others answer NOT_FOUND).
 */
@Injectable()
export class DeadLettersGateway {
  constructor(@Inject(AllServices) private readonly services: AllServices) {}

  async list(caller: Caller, query: DeadLetterList.Query): Promise<DeadLetterPage> {
    const { answers, failures } = await this.services.ask<DeadLetterList.Response>(DeadLetterList.subject, {
      caller,
      query,
    });
    const refused = failures.find((f) => !unanswered(f.error));
    if (refused) throw refused.error;
    const { skip, take, page, limit } = pageWindow(query);
    const items = answers
      .flatMap((a) => a.value.items)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
    return {
      items: items.slice(skip, skip + take),
      total: answers.reduce((sum, a) => sum + a.value.total, 0),
      page,
      limit,
      unavailable: failures.map((f) => f.service),
    };
  }

  /** Replay or discard: whichever service holds the id answers; if none does and one could not be asked, 503. */
  async act<R>(
    subject: (service: ServiceName) => string,
    payload: { caller: Caller; id: string; body?: object },
  ): Promise<R> {
    const { answers, failures } = await this.services.ask<R>(subject, payload);
    if (answers.length) return answers[0].value;
    const others = failures.filter((f) => f.error.code !== 'NOT_FOUND');
    if (others.length === 0) throw failures[0].error;
    // The holder refused (already replayed, failed again): its answer is the answer.
    const refused = others.find((f) => !unanswered(f.error));
    if (refused) throw refused.error;
    const names = others.map((f) => f.service);
    throw new DomainError(
      'SERVICE_UNAVAILABLE',
      `応答しないサービス (${names.join(', ')}) があるため、処理できませんでした。しばらくしてから再度お試しください。 / Some services (${names.join(', ')}) did not answer, so the dead letter could not be handled; try again shortly.`,
      { unavailable: names },
    );
  }
}
