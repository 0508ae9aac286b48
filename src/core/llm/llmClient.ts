/**
 * The LLM port: everything the generator needs from a chat model, and nothing of any SDK.
 * The host and the CLI plug in the `openai` adapter; tests plug in the same adapter against a
 * local server, or a fake.
 */

/** One chat message, as OpenAI-compatible chat completions take it. */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** One completion request. Decoding values are explicit so the exact request is testable. */
export interface LlmRequest {
  readonly messages: readonly ChatMessage[];
  readonly temperature: number;
  readonly topP: number;
  readonly maxTokens: number;
  /** Provider-specific body fields sent as they are, e.g. `{ top_k: 50 }` for vLLM. */
  readonly extraBody?: Readonly<Record<string, unknown>>;
  /** Stream the reply; `onDelta` then sees each piece of text as it arrives. */
  readonly stream: boolean;
  /** Aborting it ends the request with an `LlmError` of kind `cancelled`. */
  readonly signal?: AbortSignal;
  readonly onDelta?: (text: string) => void;
}

/** Token counts when the server reports them. */
export interface LlmUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** The model's reply. `finishReason` is `length` when the reply hit `maxTokens` (likely truncated). */
export interface LlmReply {
  readonly text: string;
  readonly finishReason: string;
  readonly model: string;
  readonly usage?: LlmUsage;
}

/** Anything that completes a chat: the `openai` adapter, or a test double. */
export interface LlmClient {
  complete(request: LlmRequest): Promise<LlmReply>;
}

/** The user's LLM settings, as the host's config module or the CLI flags give them. */
export interface LlmSettings {
  /** OpenAI-compatible base URL, e.g. `https://api.openai.com/v1` or `http://localhost:8000/v1`. */
  readonly baseUrl: string;
  readonly model: string;
  readonly temperature: number;
  readonly topP: number;
  readonly maxTokens: number;
  readonly extraBody: Readonly<Record<string, unknown>>;
  /** Milliseconds without progress (no headers, or no streamed chunk) before the request fails. */
  readonly timeoutMs: number;
  /** Retries after a 429 or 5xx reply. */
  readonly maxRetries: number;
}

/** The decoding of the novelty-loop paper, "From Memorization to Creativity" (temperature 0.2, top-p 0.9, 2,048 new tokens); the endpoint is OpenAI's. */
export const defaultLlmSettings: LlmSettings = {
  baseUrl: 'https://api.openai.com/v1',
  model: 'gpt-4o-mini',
  temperature: 0.2,
  topP: 0.9,
  maxTokens: 2048,
  extraBody: {},
  timeoutMs: 120_000,
  maxRetries: 3,
};

/** The decoding part of a request, taken from the settings. */
export function decodingFrom(
  settings: LlmSettings,
): Pick<LlmRequest, 'temperature' | 'topP' | 'maxTokens' | 'extraBody'> {
  return {
    temperature: settings.temperature,
    topP: settings.topP,
    maxTokens: settings.maxTokens,
    extraBody: settings.extraBody,
  };
}
