/** Exponential backoff shared by the consumer and the relay: `baseMs`, doubling per try, never above `maxMs`. */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 250, maxMs: 30_000 };

/** The delay before try `tries + 1` after `tries` failed ones (1 → baseMs). */
export function backoffMs(policy: RetryPolicy, tries: number): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(tries - 1, 30)));
}

/** A sleep that ends early when `signal` aborts (a stopping consumer must not wait out a long backoff). */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
