/**
 * Starts test servers side by side and, when any of them fails, stops those that did start before rethrowing. With a
 * plain Promise.all a nats-server started beside a database that failed to be created is never destroyed: its
 * process keeps Jest from exiting, and the whole run hangs after its last test instead of failing.
 */
export async function startAll<T extends readonly unknown[]>(
  starts: { [K in keyof T]: () => Promise<T[K]> },
  stop: (started: unknown) => Promise<unknown>,
): Promise<T> {
  const settled = await Promise.allSettled(starts.map((start) => start()));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.allSettled(
      settled.filter((s): s is PromiseFulfilledResult<unknown> => s.status === 'fulfilled').map((s) => stop(s.value)),
    );
    throw failed.reason;
  }
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Stops any of the test servers of this library (a TestNats, TestDatabase or TestSmtp). */
export async function stopTestServer(server: unknown): Promise<void> {
  const s = server as { destroy?: () => Promise<void>; drop?: () => Promise<void>; close?: () => Promise<void> };
  if (s.destroy) await s.destroy();
  else if (s.drop) await s.drop();
  else if (s.close) await s.close();
}
