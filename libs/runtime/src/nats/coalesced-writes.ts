import { encode } from 'nats/lib/nats-base-client/encoders';
import { ProtocolHandler } from 'nats/lib/nats-base-client/protocol';

const PATCHED = Symbol.for('jlis.nats.coalescedWrites');

/** The members used here (flushPending is private in nats.js's typings). */
type Handler = Pick<ProtocolHandler, 'outbound' | 'pendingLimit' | 'sendCommand'> & { flushPending(): void };

/**
 * NATS writes of one event-loop turn go out in one socket write (issue 14).
 *
 * nats.js queues every command (a request, a reply, a publish) in its outbound buffer and writes the buffer on the
 * next microtask — that is, after the callback that queued it. Under load a service answers many requests per turn of
 * the event loop, each from its own Postgres socket callback, so every answer was its own `write` — on the 2-core
 * machine a loopback write costs more CPU than the work of the answer (a fifth of intake's and of the gateway's CPU in
 * the read path's profile). Writing on `setImmediate` instead sends everything the turn's I/O callbacks queued in one
 * write, right after them (no timer, nothing waits for other work); the order of commands is unchanged, and nats.js's
 * own inline flush (a buffer past its pendingLimit), `flush()` and reconnects work as before.
 *
 * This replaces one method of nats.js's protocol handler (2.29.x, pinned by package.json's range); the spec checks that
 * the method is still there and that commands still arrive, so an upgrade that changes it fails the build's tests.
 * Called once per process by startService and the gateway's bootstrap; idempotent.
 */
export function coalesceNatsWrites(): void {
  const proto = ProtocolHandler.prototype as unknown as Handler & { [PATCHED]?: true };
  if (proto[PATCHED]) return;
  proto.sendCommand = function sendCommand(this: Handler, cmd: string | Uint8Array, ...payloads: Uint8Array[]) {
    const wasEmpty = this.outbound.length() === 0;
    this.outbound.fill(typeof cmd === 'string' ? encode(cmd) : cmd, ...payloads);
    if (wasEmpty) setImmediate(() => this.flushPending());
    else if (this.outbound.size() >= this.pendingLimit) this.flushPending();
  };
  proto[PATCHED] = true;
}
