/**
 * Retries with exponential backoff for transient LLM failures (429, 5xx). Our own loop rather
 * than the SDK's `maxRetries`: the SDK's sleep ignores the AbortSignal and obeys any
 * `retry-after`, however long, so a cancelled or rate-limited request could hang for minutes.
 */
import { LlmError } from './llmError';

/** How often and how long to wait. */
export interface RetryPolicy {
  /** Retries after the first try; 0 disables retrying. */
  readonly maxRetries: number;
  /** The first wait; each later one doubles, plus up to 25% jitter. */
  readonly baseDelayMs: number;
  /** No single wait is longer; a `retry-after` above it fails at once instead. */
  readonly maxDelayMs: number;
}

/** Half a second doubling to at most 30 s, as most API clients do. */
export const defaultRetryDelays: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'> = {
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

/** Runs `attempt` until it succeeds, fails for good, or the retries are spent. */
export async function withRetries<T>(
  attempt: (tryNumber: number) => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
): Promise<T> {
  for (let tryNumber = 0; ; tryNumber++) {
    try {
      return await attempt(tryNumber);
    } catch (error) {
      if (!(error instanceof LlmError) || !error.retryable || tryNumber >= policy.maxRetries) throw error;
      const backoff = policy.baseDelayMs * 2 ** tryNumber * (1 + Math.random() * 0.25);
      const wait = error.retryAfterMs ?? Math.min(backoff, policy.maxDelayMs);
      if (wait > policy.maxDelayMs) {
        throw new LlmError(
          error.kind,
          `${error.message} The server asks to wait ${Math.ceil(wait / 1000)} s before retrying.`,
          {
            status: error.status,
            retryAfterMs: wait,
            cause: error,
          },
        );
      }
      await sleep(wait, signal);
    }
  }
}

/** Waits `ms`, or ends early with a `cancelled` error when `signal` fires. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = () => new LlmError('cancelled', 'The request was cancelled.');
    if (signal?.aborted) return reject(cancelled());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
