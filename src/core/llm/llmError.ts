/**
 * Typed LLM failures. Each kind carries a message a user can act on, so callers show
 * `error.message` as it is and branch on `error.kind` (e.g. offer "Set API Key" on `auth`).
 */

/** Why a completion failed. */
export type LlmErrorKind =
  | 'auth' // 401/403: missing, wrong or revoked key
  | 'model-not-found' // 404 / model_not_found: the model (or the API path) is unknown to this server
  | 'unreachable' // no connection: wrong URL, server down, DNS
  | 'timeout' // no progress within the timeout
  | 'cancelled' // the caller's AbortSignal fired
  | 'rate-limited' // 429 (after every retry, or a quota that retrying cannot fix)
  | 'server' // 5xx after every retry
  | 'bad-request' // 400/422: the server refused the request (context too long, bad parameter)
  | 'bad-response'; // the server answered with something that is not a chat completion

/** Extra facts about a failure. */
export interface LlmErrorDetails {
  /** The HTTP status, when the server answered. */
  readonly status?: number;
  /** Whether the same request may succeed later (429 and 5xx, except an exhausted quota). */
  readonly retryable?: boolean;
  /** How long the server asked us to wait (`retry-after` / `retry-after-ms`). */
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

/** A failed completion. */
export class LlmError extends Error {
  override readonly name = 'LlmError';
  readonly status?: number;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;

  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    details: LlmErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.retryable = details.retryable ?? false;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** True when `error` is an `LlmError`, of one of `kinds` when any are given. */
export function isLlmError(error: unknown, ...kinds: LlmErrorKind[]): error is LlmError {
  return error instanceof LlmError && (kinds.length === 0 || kinds.includes(error.kind));
}
