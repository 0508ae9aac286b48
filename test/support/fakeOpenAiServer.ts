/**
 * A small OpenAI-compatible chat-completions server for tests: node:http on 127.0.0.1 with an
 * ephemeral port, scripted replies served as JSON or as SSE (whichever the request asks for),
 * and every request recorded so tests can assert exactly what the real `openai` SDK sent.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A reply with content. Streamed in `chunkSize`-character deltas when the request streams. */
export interface TextReply {
  readonly text: string;
  readonly finishReason?: string;
  readonly model?: string;
  readonly chunkSize?: number;
  /** Wait before sending headers. */
  readonly delayMs?: number;
  /** Wait between streamed chunks. */
  readonly chunkDelayMs?: number;
}

/** An HTTP error with an OpenAI-style error body. */
export interface ErrorReply {
  readonly status: number;
  readonly message?: string;
  readonly code?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A body sent exactly as given, for servers that answer with something odd. */
export interface RawReply {
  readonly raw: string;
  readonly status?: number;
  readonly contentType?: string;
}

/** One scripted answer, consumed in order, one per request. */
export type ScriptedReply = TextReply | ErrorReply | RawReply;

/** What the server saw. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: Record<string, unknown>;
}

/** A running fake server. */
export interface FakeOpenAiServer {
  /** e.g. `http://127.0.0.1:41234/v1` */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Queues replies for the next requests. */
  script(...replies: ScriptedReply[]): void;
  /** Replies not yet consumed. */
  readonly pending: number;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1:0. */
export async function startFakeOpenAiServer(): Promise<FakeOpenAiServer> {
  const queue: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void handle(req, res, queue, requests).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...replies) => void queue.push(...replies),
    get pending() {
      return queue.length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  queue: ScriptedReply[],
  requests: RecordedRequest[],
): Promise<void> {
  let raw = '';
  for await (const chunk of req) raw += String(chunk);
  const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, body });
  if (req.method !== 'POST' || req.url !== '/v1/chat/completions')
    return sendError(res, { status: 404, message: `no route ${req.method} ${req.url}` });
  const reply = queue.shift();
  if (!reply) return sendError(res, { status: 400, message: 'fake server: no scripted reply left' });
  if ('raw' in reply) {
    res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'application/json' });
    return void res.end(reply.raw);
  }
  if ('status' in reply) return sendError(res, reply);
  await wait(reply.delayMs ?? 0, res);
  if (res.destroyed) return;
  const model = reply.model ?? String(body.model);
  const finishReason = reply.finishReason ?? 'stop';
  const usage = {
    prompt_tokens: promptTokens(body),
    completion_tokens: reply.text.length,
    total_tokens: promptTokens(body) + reply.text.length,
  };
  const streamOptions = body.stream_options as { include_usage?: unknown } | undefined;
  if (body.stream === true)
    return sendStream(res, reply, model, finishReason, streamOptions?.include_usage === true ? usage : undefined);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 0,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: reply.text }, finish_reason: finishReason }],
      usage,
    }),
  );
}

/** A stand-in for the prompt's token count: its characters over four, as a tokenizer roughly gives. */
function promptTokens(body: Record<string, unknown>): number {
  const messages = Array.isArray(body.messages) ? (body.messages as { content?: unknown }[]) : [];
  return Math.ceil(messages.reduce((n, m) => n + String(m.content ?? '').length, 0) / 4);
}

/** Streams the reply; with `usage` (the request asked for it) a last chunk without choices carries it, as OpenAI sends it. */
async function sendStream(
  res: ServerResponse,
  reply: TextReply,
  model: string,
  finishReason: string,
  usage?: object,
): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const size = reply.chunkSize ?? 16;
  const event = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  res.write(event({ role: 'assistant', content: '' }, null));
  for (let i = 0; i < reply.text.length; i += size) {
    await wait(reply.chunkDelayMs ?? 0, res);
    if (res.destroyed) return;
    res.write(event({ content: reply.text.slice(i, i + size) }, null));
  }
  res.write(event({}, finishReason));
  if (usage)
    res.write(
      `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model, choices: [], usage })}\n\n`,
    );
  res.end('data: [DONE]\n\n');
}

function sendError(res: ServerResponse, reply: ErrorReply): void {
  res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
  res.end(
    JSON.stringify({
      error: { message: reply.message ?? `status ${reply.status}`, type: 'fake_error', code: reply.code ?? null },
    }),
  );
}

/** Waits `ms`, ending early when the client goes away (a cancelled request). */
function wait(ms: number, res: ServerResponse): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    res.once('close', done);
    function done() {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    }
  });
}
