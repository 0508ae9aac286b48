/**
 * The `LlmClient` over the `openai` SDK, pointed at any OpenAI-compatible endpoint (OpenAI,
 * DeepSeek, vLLM, Ollama, LM Studio). The SDK does HTTP, SSE and error parsing; this adapter
 * owns the timeout (idle time, so a long but steady stream never times out), cancellation
 * and retries, and maps every failure to an `LlmError`.
 */
import { OpenAI } from 'openai';
import type { LlmClient, LlmReply, LlmRequest, LlmSettings } from './llmClient';
import { LlmError } from './llmError';
import { toLlmError } from './openAiErrors';
import type { RetryPolicy } from './retry';
import { defaultRetryDelays, withRetries } from './retry';

/** How to build the adapter. The key is the caller's: SecretStorage in the host, OPENAI_API_KEY in the CLI. */
export interface OpenAiClientOptions {
  readonly settings: Pick<LlmSettings, 'baseUrl' | 'model' | 'timeoutMs' | 'maxRetries'>;
  /** Local servers accept any key; an empty one is sent as a placeholder so the SDK does not refuse. */
  readonly apiKey: string;
  /** Backoff delays; tests make them small. */
  readonly retryDelays?: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>;
}

/** The body fields we set ourselves; `extraBody` cannot override them. */
const reservedFields = new Set(['model', 'messages', 'stream']);

/** An `LlmClient` that talks to `settings.baseUrl` with the `openai` SDK. */
export function createOpenAiClient(options: OpenAiClientOptions): LlmClient {
  const { settings } = options;
  if (!/^https?:\/\/[^/]+/i.test(settings.baseUrl)) {
    throw new LlmError(
      'unreachable',
      `The LLM base URL "${settings.baseUrl}" is not an http(s) URL, e.g. http://localhost:8000/v1.`,
    );
  }
  // maxRetries 0 and an effectively unlimited SDK timeout: both are handled here (see retry.ts).
  const sdk = new OpenAI({
    apiKey: options.apiKey || 'no-key',
    baseURL: settings.baseUrl,
    maxRetries: 0,
    timeout: 2 ** 31 - 1,
  });
  const policy: RetryPolicy = { maxRetries: settings.maxRetries, ...(options.retryDelays ?? defaultRetryDelays) };
  return {
    complete: (request) => withRetries(() => completeOnce(sdk, settings, request), policy, request.signal),
  };
}

async function completeOnce(
  sdk: OpenAI,
  settings: OpenAiClientOptions['settings'],
  request: LlmRequest,
): Promise<LlmReply> {
  const idle = new IdleTimer(settings.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, idle.signal]) : idle.signal;
  const extra = Object.fromEntries(Object.entries(request.extraBody ?? {}).filter(([key]) => !reservedFields.has(key)));
  const body = {
    temperature: request.temperature,
    top_p: request.topP,
    max_tokens: request.maxTokens,
    ...extra,
    model: settings.model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
  };
  try {
    return request.stream ? await streamed(sdk, body, signal, idle, request.onDelta) : await whole(sdk, body, signal);
  } catch (error) {
    throw toLlmError(error, { ...settings, cancelled: request.signal?.aborted ?? false, timedOut: idle.fired });
  } finally {
    idle.stop();
  }
}

type Body = Omit<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, 'stream'>;

async function whole(sdk: OpenAI, body: Body, signal: AbortSignal): Promise<LlmReply> {
  const completion: unknown = await sdk.chat.completions.create({ ...body, stream: false }, { signal });
  if (!isCompletion(completion)) {
    const preview = JSON.stringify(completion)?.slice(0, 80) ?? String(completion);
    throw new LlmError(
      'bad-response',
      `The server answered with something that is not a chat completion (${preview}). Check the base URL: it must be the API root of an OpenAI-compatible server.`,
    );
  }
  const choice = completion.choices[0];
  if (!choice) throw new LlmError('bad-response', 'The server returned a completion without choices.');
  return {
    text: choice.message?.content ?? '',
    finishReason: choice.finish_reason ?? 'unknown',
    model: completion.model ?? body.model,
    usage: completion.usage
      ? { promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens }
      : undefined,
  };
}

function isCompletion(value: unknown): value is OpenAI.Chat.ChatCompletion {
  return typeof value === 'object' && value !== null && Array.isArray((value as { choices?: unknown }).choices);
}

async function streamed(
  sdk: OpenAI,
  body: Body,
  signal: AbortSignal,
  idle: IdleTimer,
  onDelta?: (text: string) => void,
): Promise<LlmReply> {
  // Without stream_options a streamed reply carries no usage, and the cycle's token cost would read 0.
  const stream = await sdk.chat.completions.create(
    { ...body, stream: true, stream_options: { include_usage: true } },
    { signal },
  );
  let text = '';
  let finishReason = 'unknown';
  let model = body.model;
  let usage: LlmReply['usage'];
  for await (const chunk of stream) {
    idle.restart();
    if (chunk.model) model = chunk.model;
    if (chunk.usage)
      usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
    const choice = chunk.choices?.[0];
    if (!choice) continue;
    const delta = choice.delta?.content;
    if (delta) {
      text += delta;
      onDelta?.(delta);
    }
    if (choice.finish_reason) finishReason = choice.finish_reason;
  }
  // The SDK ends the iteration quietly when its signal aborts; a cut-off reply must not pass as whole.
  if (signal.aborted) throw new Error('The stream was aborted.');
  return { text, finishReason, model, usage };
}

/** Aborts its signal after `ms` without a `restart()`: time to first byte, then between chunks. */
class IdleTimer {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout;
  fired = false;

  constructor(private readonly ms: number) {
    this.timer = this.arm();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  restart(): void {
    clearTimeout(this.timer);
    this.timer = this.arm();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private arm(): NodeJS.Timeout {
    return setTimeout(() => {
      this.fired = true;
      this.controller.abort();
    }, this.ms);
  }
}
