import type { EventEnvelope } from '@jlis/contracts';
import type { Span } from '@opentelemetry/api';
import type { ConsumerMessages, JsMsg } from 'nats';
import type { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from '../context/request-context';
import { forgetNotifications, oneNotifyPerChannel } from '../data/notify';
import { isUnavailable } from '../errors/rpc-error.filter';
import type { Logger } from '../logging/logger';
import { SpanKind, trace, traceContext, traceContextOf, tracer } from '../observability/tracing';

/** One message of a batch that has handlers here, with what applying it did. */
export interface BatchItem {
  msg: JsMsg;
  event: EventEnvelope;
  /** The event's `process <type>` span, continuing the trace its publication carried. */
  span: Span;
  /** Set by applyBatch: whether the inbox row was new, or the handler's error (its savepoint rolled back). */
  outcome?: { applied: boolean } | { error: unknown };
}

export interface BatchOptions {
  /** Applies one event (inbox row and handlers) with the batch's transaction; true when it was not seen before. */
  apply: (manager: EntityManager, item: BatchItem) => Promise<boolean>;
  /** The channel to announce the highest applied stream sequence on when the batch commits; none when nobody waits. */
  announceOn?: string;
}

/**
 * Applies the events of a batch in stream order in ONE transaction: one commit (one WAL flush) for the batch rather than
 * one per event, which is what lets a consumer keep up. Later events of the batch see the effects of earlier ones (the
 * same transaction), so per-aggregate order holds.
 *
 * A handler that fails (while the database answers) must not fail the others, so each event would need its own
 * SAVEPOINT — two more round trips per event, paid on every event for the rare one that fails. So the batch is first
 * applied without them; only if a handler fails is that transaction rolled back (nothing of it committed) and the batch
 * applied again with a savepoint per event, where the failing one is rolled back to its savepoint and recorded in its
 * item's outcome and the others commit. Either way each event's effect and inbox row commit together or not at all.
 *
 * Throws when the transaction as a whole fails — the database unavailable, the commit refused: then nothing of the
 * batch committed and no outcome may be acted on (the caller hands every message back, or applies them one by one).
 */
export async function applyBatch(dataSource: DataSource, items: BatchItem[], opts: BatchOptions): Promise<void> {
  try {
    await inOneTransaction(dataSource, items, opts, false);
    return;
  } catch (error) {
    if (!(error instanceof HandlerFailed)) throw error;
    items.forEach((item) => (item.outcome = undefined));
    if (items.length === 1) {
      // Alone, the event's rollback is the savepoint's: nothing else to commit, nothing to apply again.
      items[0].outcome = { error: error.handlerError };
      return;
    }
  }
  await inOneTransaction(dataSource, items, opts, true);
}

/** A handler's own failure (the database answering), which rolls back an attempt without savepoints. */
class HandlerFailed extends Error {
  constructor(readonly handlerError: unknown) {
    super('an event handler failed');
  }
}

async function inOneTransaction(
  dataSource: DataSource,
  items: BatchItem[],
  opts: BatchOptions,
  savepoints: boolean,
): Promise<void> {
  await dataSource.transaction((manager) =>
    oneNotifyPerChannel(manager, () => applyAll(manager, items, opts, savepoints)),
  );
}

/** The batch's events in stream order, in the transaction of `manager`. */
async function applyAll(
  manager: EntityManager,
  items: BatchItem[],
  opts: BatchOptions,
  savepoints: boolean,
): Promise<void> {
  let highest: number | undefined;
  for (const item of items) {
    // Each event's statements run in its span (and its correlation), as they did in a transaction of their own.
    const context = trace.setSpan(traceContextOf(item.msg.headers), item.span);
    item.outcome = await traceContext.with(context, () =>
      RequestContext.run({ requestId: item.event.correlationId, streamPosition: item.msg.seq }, () =>
        savepoints ? applyOne(manager, item, opts) : applyBare(manager, item, opts),
      ),
    );
    if ('applied' in item.outcome) highest = item.msg.seq;
  }
  // Once per batch, the highest position applied: whoever waits for an earlier one is satisfied by it too.
  if (highest !== undefined && opts.announceOn)
    await manager.query(`SELECT pg_notify($1, $2)`, [opts.announceOn, String(highest)]);
}

/** Without a savepoint: a handler's failure ends the whole attempt (HandlerFailed), to be made again with them. */
async function applyBare(manager: EntityManager, item: BatchItem, opts: BatchOptions): Promise<{ applied: boolean }> {
  try {
    return { applied: await opts.apply(manager, item) };
  } catch (error) {
    if (isUnavailable(error)) throw error;
    throw new HandlerFailed(error);
  }
}

/** Under its own savepoint: a handler's failure rolls back this event only and becomes its outcome. */
async function applyOne(
  manager: EntityManager,
  item: BatchItem,
  opts: BatchOptions,
): Promise<{ applied: boolean } | { error: unknown }> {
  await manager.query('SAVEPOINT event');
  try {
    const applied = await opts.apply(manager, item);
    await manager.query('RELEASE SAVEPOINT event');
    return { applied };
  } catch (error) {
    // A database that does not answer fails the whole batch (nothing is the event's fault): the caller pauses.
    if (isUnavailable(error)) throw error;
    await manager.query('ROLLBACK TO SAVEPOINT event');
    forgetNotifications(manager);
    await manager.query('RELEASE SAVEPOINT event');
    return { error };
  }
}

/**
 * Feeds `handle` batches of what the client has buffered, up to `size`, in stream order, until the iterator ends. A
 * batch ends early when the next message is not already there (one turn of the event loop), so a lone event is not
 * held back waiting for company.
 */
export async function drainInBatches(
  messages: ConsumerMessages,
  size: number,
  handle: (batch: JsMsg[]) => Promise<void>,
): Promise<void> {
  const iterator = messages[Symbol.asyncIterator]();
  // A `next()` that did not resolve in time: the first message of the next batch. It is raced (so a rejection is
  // handled) and awaited before anything else is asked of the iterator.
  let waiting: Promise<IteratorResult<JsMsg>> | undefined;
  try {
    await batches();
  } catch (error) {
    // As `for await` would on a throw: the subscription is stopped, so a resubscription does not pull beside it.
    void messages.close().catch(() => undefined);
    throw error;
  }

  async function batches(): Promise<void> {
    for (;;) {
      const first = await (waiting ?? iterator.next());
      waiting = undefined;
      if (first.done) return;
      const batch = [first.value];
      let ended = false;
      while (batch.length < Math.max(1, size)) {
        const next = iterator.next();
        const result = await Promise.race([next, nextTurn()]);
        if (result === NOT_YET) {
          waiting = next;
          break;
        }
        if (result.done) {
          ended = true;
          break;
        }
        batch.push(result.value);
      }
      await handle(batch);
      if (ended) return;
    }
  }
}

const NOT_YET = Symbol('not yet');

/** Resolves after the current turn of the event loop: a message already buffered by the client resolves before it. */
function nextTurn(): Promise<typeof NOT_YET> {
  return new Promise((resolve) => setImmediate(() => resolve(NOT_YET)));
}

/** A message of a batch: with its decoded event and span when it has handlers here, alone when it is only acked. */
export interface BatchEntry {
  msg: JsMsg;
  item?: BatchItem;
}

/**
 * Decodes the messages of a batch in stream order. An undecodable message is terminated and left out; one without a
 * handler here stays in (to be acked in its place); the others get their `process <type>` span, which continues the
 * trace their publication carried in headers (none when tracing is off).
 */
export function decodeBatch(
  msgs: JsMsg[],
  on: { durable: string; logger: Logger; handles: (event: EventEnvelope) => boolean },
): BatchEntry[] {
  const entries: BatchEntry[] = [];
  for (const msg of msgs) {
    let event: EventEnvelope;
    try {
      event = JSON.parse(msg.string()) as EventEnvelope;
    } catch {
      on.logger.error({ subject: msg.subject }, 'event consumer: undecodable message dropped');
      msg.term();
      continue;
    }
    if (!on.handles(event)) {
      entries.push({ msg });
      continue;
    }
    const span = tracer(on.durable).startSpan(
      `process ${event.type}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: { 'messaging.system': 'nats', 'messaging.destination.name': msg.subject },
      },
      traceContextOf(msg.headers),
    );
    entries.push({ msg, item: { msg, event, span } });
  }
  return entries;
}
