/**
 * Maps what the `openai` SDK throws to an `LlmError` whose message says what to do next.
 * Kept apart from the adapter so the wording of every failure lives in one place.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { LlmError } from './llmError';

/** What the mapper needs to word a message and to tell a timeout from a cancel. */
export interface FailureContext {
  readonly baseUrl: string;
  readonly model: string;
  readonly timeoutMs: number;
  /** The caller's signal fired. */
  readonly cancelled: boolean;
  /** Our progress timer fired. */
  readonly timedOut: boolean;
}

/** The `LlmError` for `error`; an `LlmError` passes through unchanged. */
export function toLlmError(error: unknown, context: FailureContext): LlmError {
  if (error instanceof LlmError) return error;
  if (context.cancelled) return new LlmError('cancelled', 'The request was cancelled.', { cause: error });
  if (context.timedOut || error instanceof APIConnectionTimeoutError) {
    const seconds = Math.round(context.timeoutMs / 100) / 10;
    return new LlmError(
      'timeout',
      `No reply from ${context.baseUrl} within ${seconds} s. The server may be busy or the model slow; raise the timeout setting or try again.`,
      { cause: error },
    );
  }
  if (error instanceof APIUserAbortError)
    return new LlmError('cancelled', 'The request was cancelled.', { cause: error });
  if (error instanceof APIConnectionError) {
    const reason = connectionReason(error);
    return new LlmError(
      'unreachable',
      `Cannot reach ${context.baseUrl} (${reason}). Check that the server is running and the base URL setting is right.`,
      { cause: error },
    );
  }
  if (error instanceof APIError && typeof error.status === 'number') return fromStatus(error, error.status, context);
  const detail = error instanceof Error ? error.message : String(error);
  return new LlmError(
    'bad-response',
    `The server at ${context.baseUrl} sent something that is not a chat completion: ${detail}`,
    { cause: error },
  );
}

function fromStatus(error: APIError, status: number, context: FailureContext): LlmError {
  const said = serverMessage(error);
  const details = { status, cause: error };
  if (status === 401) {
    return new LlmError(
      'auth',
      `The server at ${context.baseUrl} rejected the API key (401${said}). Set a valid key: "NNGPT: Set API Key" in VS Code, OPENAI_API_KEY for the CLI.`,
      details,
    );
  }
  if (status === 403) {
    return new LlmError(
      'auth',
      `The server at ${context.baseUrl} refused access (403${said}). The key may lack access to model "${context.model}".`,
      details,
    );
  }
  if (status === 404 || error.code === 'model_not_found') {
    const modelKnown = error.code === 'model_not_found' || /model/i.test(said);
    const hint = modelKnown
      ? 'Check the model setting against the models the server lists.'
      : 'Check the model setting, and that the base URL is the API root (often ending in /v1).';
    return new LlmError(
      'model-not-found',
      `The server at ${context.baseUrl} does not serve model "${context.model}" (${status}${said}). ${hint}`,
      details,
    );
  }
  if (status === 429) {
    const quota = error.code === 'insufficient_quota';
    const message = quota
      ? `The account behind the API key has no quota left (429${said}). Add credit or use another key.`
      : `The server at ${context.baseUrl} is rate-limiting requests (429${said}). Wait a moment and try again.`;
    return new LlmError('rate-limited', message, {
      ...details,
      retryable: !quota,
      retryAfterMs: retryAfter(error.headers),
    });
  }
  if (status >= 500) {
    return new LlmError('server', `The server at ${context.baseUrl} failed (${status}${said}). Try again later.`, {
      ...details,
      retryable: true,
      retryAfterMs: retryAfter(error.headers),
    });
  }
  return new LlmError(
    'bad-request',
    `The server at ${context.baseUrl} refused the request (${status}${said}).`,
    details,
  );
}

/** ": <the server's own words>", or nothing. */
function serverMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  const text = typeof body?.message === 'string' ? body.message : '';
  return text ? `: ${text}` : '';
}

/** The system-level reason (ECONNREFUSED, ENOTFOUND, …) buried in the fetch error's causes. */
function connectionReason(error: APIConnectionError): string {
  for (let cause: unknown = error.cause; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code === 'ECONNREFUSED' ? 'connection refused' : code;
  }
  return error.message || 'connection failed';
}

/** Milliseconds from `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
export function retryAfter(headers: Headers | undefined): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
