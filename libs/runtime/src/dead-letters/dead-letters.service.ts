import {
  Caller,
  DeadLetterDiscard,
  DeadLetterList,
  DeadLetterReplay,
  DeadLetterView,
  pageWindow,
  ServiceName,
} from '@jlis/contracts';
import { DataSource } from 'typeorm';
import { RequestContext } from '../context/request-context';
import { DomainError } from '../errors/domain-error';
import { isUnavailable } from '../errors/rpc-error.filter';
import type { Logger } from '../logging/logger';
import { EventConsumer } from '../messaging/event-consumer';
import { OutboxRelay } from '../messaging/outbox-relay';
import { DeadLetterHistoryRecord, DeadLetterRecord, DeadLetters, describeError } from './dead-letter.repository';

const notFound = (id: string) =>
  new DomainError('NOT_FOUND', '指定されたデッドレターは見つかりません。 / There is no dead letter with this id.', {
    id,
  });

const closed = (row: DeadLetterRecord) =>
  new DomainError(
    'DEAD_LETTER_CLOSED',
    row.status === 'replayed'
      ? 'このデッドレターは再処理済みです。 / This dead letter was already replayed.'
      : 'このデッドレターは破棄済みです。 / This dead letter was already discarded.',
    { id: row.id, status: row.status },
  );

function requireOperator(caller: Caller): void {
  if (caller.role !== 'operator') {
    throw new DomainError(
      'FORBIDDEN',
      'デッドレターを扱えるのは J-LIS の運用担当者だけです。 / Only J-LIS operators may handle dead letters.',
    );
  }
}

/**
 * The operators' side of dead letters, the same in every service (the runtime registers it): list them, replay one
 * (apply the event again now, or publish the outbox row again now), or discard one with a reason. Every action is
 * appended to the letter's history.
 */
export class DeadLetterService {
  constructor(
    private readonly service: ServiceName,
    private readonly dataSource: DataSource,
    private readonly consumer: EventConsumer,
    private readonly relay: OutboxRelay,
    private readonly logger: Logger,
  ) {}

  async list(req: DeadLetterList.Request): Promise<DeadLetterList.Response> {
    requireOperator(req.caller);
    const { page, limit } = pageWindow(req.query);
    const m = this.dataSource.manager;
    const { rows, total } = await DeadLetters.list(m, req.query.status ?? 'parked', page * limit);
    const history = await DeadLetters.history(
      m,
      rows.map((r) => r.id),
    );
    return { items: rows.map((row) => this.view(row, history)), total };
  }

  async replay(req: DeadLetterReplay.Request): Promise<DeadLetterReplay.Response> {
    requireOperator(req.caller);
    const row = await DeadLetters.find(this.dataSource.manager, req.id);
    if (!row) throw notFound(req.id);
    // Like a delivery: handlers see the event's correlation id and no caller (their effects are the event's, not the operator's).
    const replay = () =>
      this.dataSource.transaction(async (m) => {
        const locked = (await DeadLetters.find(m, row.id, true))!;
        if (locked.status === 'replayed') throw closed(locked);
        if (row.source === 'consumer') await this.consumer.applyIn(m, row.envelope);
        else await this.relay.publishParked(m, row.event_id);
        await DeadLetters.record(m, row.id, 'replayed', req.caller.sub);
      });
    try {
      await RequestContext.run({ requestId: RequestContext.requestId() }, replay);
    } catch (error) {
      if (error instanceof DomainError || isUnavailable(error)) throw error;
      await this.dataSource.transaction((m) =>
        DeadLetters.record(m, row.id, 'replay-failed', req.caller.sub, { error: describeError(error) }),
      );
      this.logger.warn({ err: error, deadLetterId: row.id, eventId: row.event_id }, 'dead letter replay failed');
      throw new DomainError(
        'DEAD_LETTER_REPLAY_FAILED',
        '再処理は再び失敗しました。エラーは履歴に記録され、デッドレターは保留のままです。 / The replay failed again; the error is in the history and the dead letter stays parked.',
        { id: row.id },
      );
    }
    this.logger.info({ deadLetterId: row.id, eventId: row.event_id, by: req.caller.sub }, 'dead letter replayed');
    return this.one(row.id);
  }

  async discard(req: DeadLetterDiscard.Request): Promise<DeadLetterDiscard.Response> {
    requireOperator(req.caller);
    await this.dataSource.transaction(async (m) => {
      const row = await DeadLetters.find(m, req.id, true);
      if (!row) throw notFound(req.id);
      if (row.status !== 'parked') throw closed(row);
      await DeadLetters.record(m, row.id, 'discarded', req.caller.sub, { reason: req.body.reason.trim() });
    });
    this.logger.info({ deadLetterId: req.id, by: req.caller.sub }, 'dead letter discarded');
    return this.one(req.id);
  }

  private async one(id: string): Promise<DeadLetterView> {
    const m = this.dataSource.manager;
    const row = (await DeadLetters.find(m, id))!;
    return this.view(row, await DeadLetters.history(m, [id]));
  }

  private view(row: DeadLetterRecord, history: DeadLetterHistoryRecord[]): DeadLetterView {
    const e = row.envelope;
    return {
      id: row.id,
      service: this.service,
      source: row.source,
      status: row.status,
      event: {
        id: e.id,
        type: e.type,
        occurredAt: e.occurredAt,
        aggregateId: e.aggregateId,
        aggregateVersion: e.aggregateVersion,
        ...(e.applicationId ? { applicationId: e.applicationId } : {}),
      },
      attempts: row.attempts,
      error: row.last_error ?? '',
      parkedAt: row.failed_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      history: history
        .filter((h) => h.dead_letter_id === row.id)
        .map((h) => ({
          action: h.action,
          at: h.at.toISOString(),
          actor: h.actor,
          ...(h.reason ? { reason: h.reason } : {}),
          ...(h.error ? { error: h.error } : {}),
        })),
    };
  }
}
