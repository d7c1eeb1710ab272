import { DeadLetterReplay, DeadLetterView, ServiceName } from '@jlis/contracts';
import { DomainError } from '@jlis/runtime';
import { AllServices, ServiceAnswers } from './all-services';
import { DeadLettersGateway } from './dead-letters.gateway';

const operator = { sub: 'op', role: 'operator' as const };
const letter = (id: string, service: ServiceName, updatedAt: string) => ({ id, service, updatedAt }) as DeadLetterView;
const notFound = new DomainError('NOT_FOUND', 'no');
const down = (service: ServiceName) => new DomainError('SERVICE_UNAVAILABLE', `${service} is down`);

/** AllServices answering from a table: a value or an error per service. */
function services(table: Partial<Record<ServiceName, unknown>>): AllServices {
  return {
    async ask<R>(): Promise<ServiceAnswers<R>> {
      const result: ServiceAnswers<R> = { answers: [], failures: [] };
      for (const [service, value] of Object.entries(table) as [ServiceName, unknown][]) {
        if (value instanceof DomainError) result.failures.push({ service, error: value });
        else result.answers.push({ service, value: value as R });
      }
      return result;
    },
  } as unknown as AllServices;
}

describe(DeadLettersGateway.name, () => {
  it('merges the services newest first, cuts the page, and names the services that did not answer', async () => {
    const sut = new DeadLettersGateway(
      services({
        intake: { items: [letter('a', 'intake', '2026-01-03T00:00:00Z')], total: 1 },
        cards: {
          items: [letter('b', 'cards', '2026-01-05T00:00:00Z'), letter('c', 'cards', '2026-01-01T00:00:00Z')],
          total: 2,
        },
        access: down('access'),
      }),
    );
    const page = await sut.list(operator, { limit: 2, page: 1 });
    expect(page).toEqual({
      items: [expect.objectContaining({ id: 'b' }), expect.objectContaining({ id: 'a' })],
      total: 3,
      page: 1,
      limit: 2,
      unavailable: ['access'],
    });
    const second = await sut.list(operator, { limit: 2, page: 2 });
    expect(second.items.map((l) => l.id)).toEqual(['c']);
  });

  it('passes on a refusal every service would give (a 4xx is not "could not answer")', async () => {
    const forbidden = new DomainError('FORBIDDEN', 'operators only');
    const sut = new DeadLettersGateway(services({ intake: forbidden, cards: { items: [], total: 0 } }));
    await expect(sut.list(operator, {})).rejects.toBe(forbidden);
  });

  it('answers with the holder of the id, 404 when every service says not found, 503 when one could not be asked', async () => {
    const replayed = letter('x', 'documents', '2026-01-01T00:00:00Z');
    const act = (table: Partial<Record<ServiceName, unknown>>) =>
      new DeadLettersGateway(services(table)).act(DeadLetterReplay.subject, { caller: operator, id: 'x' });
    await expect(act({ intake: notFound, documents: replayed })).resolves.toBe(replayed);
    await expect(act({ intake: notFound, documents: notFound })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const closed = new DomainError('DEAD_LETTER_CLOSED', 'already replayed');
    await expect(act({ intake: notFound, documents: closed, cards: down('cards') })).rejects.toBe(closed);
    await expect(act({ intake: notFound, cards: down('cards'), access: down('access') })).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      details: { unavailable: ['cards', 'access'] },
    });
  });
});
