import * as assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { LlmClient, LlmRequest, LlmSettings } from '../../../src/core/llm/llmClient';
import { decodingFrom, defaultLlmSettings } from '../../../src/core/llm/llmClient';
import { LlmError } from '../../../src/core/llm/llmError';
import { createOpenAiClient } from '../../../src/core/llm/openAiClient';
import type { FakeOpenAiServer } from '../../support/fakeOpenAiServer';
import { startFakeOpenAiServer } from '../../support/fakeOpenAiServer';

const messages = [
  { role: 'system', content: 'You write TF.js Nets.' },
  { role: 'user', content: 'Make a variant.' },
] as const;

function request(overrides: Partial<LlmRequest> = {}): LlmRequest {
  return {
    messages,
    ...decodingFrom({ ...defaultLlmSettings, extraBody: { top_k: 50 } }),
    stream: false,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<LlmError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof LlmError, `expected an LlmError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the request to fail');
}

describe('openAiClient (real openai SDK against a local server)', () => {
  let server: FakeOpenAiServer;
  let client: LlmClient;
  const settings = (overrides: Partial<LlmSettings> = {}) => ({
    ...defaultLlmSettings,
    baseUrl: server.baseUrl,
    model: 'test-model',
    ...overrides,
  });

  beforeEach(async () => {
    server = await startFakeOpenAiServer();
    client = createOpenAiClient({
      settings: settings(),
      apiKey: 'sk-test',
      retryDelays: { baseDelayMs: 5, maxDelayMs: 200 },
    });
  });
  afterEach(() => server.close());

  it('sends exactly the configured decoding and returns the reply', async () => {
    server.script({ text: 'hello', model: 'served-model' });
    const reply = await client.complete(request());
    assert.deepEqual(reply, {
      text: 'hello',
      finishReason: 'stop',
      model: 'served-model',
      usage: { promptTokens: 9, completionTokens: 5 },
    });
    assert.equal(server.requests.length, 1);
    const [sent] = server.requests;
    assert.equal(sent.path, '/v1/chat/completions');
    assert.equal(sent.authorization, 'Bearer sk-test');
    assert.deepEqual(sent.body, {
      model: 'test-model',
      messages: [
        { role: 'system', content: 'You write TF.js Nets.' },
        { role: 'user', content: 'Make a variant.' },
      ],
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 2048,
      top_k: 50,
      stream: false,
    });
  });

  it('extra body fields cannot override the model or the messages', async () => {
    server.script({ text: 'ok' });
    await client.complete(request({ extraBody: { model: 'other', messages: [], repetition_penalty: 1.1 } }));
    assert.equal(server.requests[0].body.model, 'test-model');
    assert.equal((server.requests[0].body.messages as unknown[]).length, 2);
    assert.equal(server.requests[0].body.repetition_penalty, 1.1);
  });

  it('streams deltas in order and reports the finish reason', async () => {
    const text = 'class Net { forward(x) { return x; } } // a streamed reply';
    server.script({ text, chunkSize: 7, finishReason: 'length' });
    const deltas: string[] = [];
    const reply = await client.complete(request({ stream: true, onDelta: (d) => deltas.push(d) }));
    assert.equal(server.requests[0].body.stream, true);
    assert.equal(reply.text, text);
    assert.equal(reply.finishReason, 'length');
    assert.equal(deltas.join(''), text);
    assert.equal(deltas.length, Math.ceil(text.length / 7));
    assert.deepEqual(
      server.requests[0].body.stream_options,
      { include_usage: true },
      'a streamed reply asks for its usage',
    );
    assert.deepEqual(
      reply.usage,
      { promptTokens: 9, completionTokens: text.length },
      'the usage chunk after the last delta',
    );
  });

  it('a bad key (401) fails at once with an actionable message', async () => {
    server.script({ status: 401, message: 'Incorrect API key provided' });
    const error = await rejection(client.complete(request()));
    assert.equal(error.kind, 'auth');
    assert.equal(error.status, 401);
    assert.match(error.message, /rejected the API key \(401: Incorrect API key provided\)/);
    assert.match(error.message, /OPENAI_API_KEY/);
    assert.equal(server.requests.length, 1);
  });

  it('an unknown model (404 model_not_found) names the model', async () => {
    server.script({ status: 404, code: 'model_not_found', message: 'The model `test-model` does not exist' });
    const error = await rejection(client.complete(request()));
    assert.equal(error.kind, 'model-not-found');
    assert.match(error.message, /does not serve model "test-model"/);
  });

  it('a 404 without a model code hints at the base URL', async () => {
    server.script({ status: 404, message: 'Not Found' });
    const error = await rejection(client.complete(request()));
    assert.equal(error.kind, 'model-not-found');
    assert.match(error.message, /base URL is the API root/);
  });

  it('retries a 429 and then succeeds', async () => {
    server.script(
      { status: 429, message: 'slow down', headers: { 'retry-after-ms': '10' } },
      { text: 'after the wait' },
    );
    const reply = await client.complete(request());
    assert.equal(reply.text, 'after the wait');
    assert.equal(server.requests.length, 2);
  });

  it('gives up on 5xx after maxRetries retries', async () => {
    client = createOpenAiClient({
      settings: settings({ maxRetries: 2 }),
      apiKey: 'k',
      retryDelays: { baseDelayMs: 1, maxDelayMs: 50 },
    });
    server.script({ status: 503 }, { status: 502 }, { status: 500, message: 'boom' }, { text: 'never reached' });
    const error = await rejection(client.complete(request()));
    assert.equal(error.kind, 'server');
    assert.match(error.message, /failed \(500: boom\)/);
    assert.equal(server.requests.length, 3);
    assert.equal(server.pending, 1);
  });

  it('does not retry an exhausted quota', async () => {
    server.script(
      { status: 429, code: 'insufficient_quota', message: 'You exceeded your current quota' },
      { text: 'never reached' },
    );
    const error = await rejection(client.complete(request()));
    assert.equal(error.kind, 'rate-limited');
    assert.match(error.message, /no quota left/);
    assert.equal(server.requests.length, 1);
  });

  it('a retry-after longer than the longest wait fails at once and says so', async () => {
    server.script({ status: 429, message: 'slow down', headers: { 'retry-after': '120' } }, { text: 'never reached' });
    const error = await rejection(client.complete(request()));
    assert.equal(error.kind, 'rate-limited');
    assert.match(error.message, /asks to wait 120 s/);
    assert.equal(server.requests.length, 1);
  });

  it('a slow reply is cancelled through the AbortSignal', async () => {
    server.script({ text: 'too late', delayMs: 5000 });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(client.complete(request({ signal: controller.signal })));
    assert.equal(error.kind, 'cancelled');
    assert.ok(Date.now() - started < 2000, 'cancelling must not wait for the server');
  });

  it('a stream is cancelled mid-way', async () => {
    server.script({ text: 'x'.repeat(200), chunkSize: 10, chunkDelayMs: 40 });
    const controller = new AbortController();
    const deltas: string[] = [];
    const pending = client.complete(
      request({
        stream: true,
        signal: controller.signal,
        onDelta: (d) => (deltas.push(d), deltas.length === 2 && controller.abort()),
      }),
    );
    const error = await rejection(pending);
    assert.equal(error.kind, 'cancelled');
    assert.equal(deltas.length, 2);
  });

  it('a retry wait is cancelled too', async () => {
    server.script({ status: 503, headers: { 'retry-after-ms': '150' } }, { text: 'never reached' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const error = await rejection(client.complete(request({ signal: controller.signal })));
    assert.equal(error.kind, 'cancelled');
    assert.equal(server.requests.length, 1);
  });

  it('times out when the server sends nothing', async () => {
    client = createOpenAiClient({ settings: settings({ timeoutMs: 100 }), apiKey: 'k' });
    server.script({ text: 'too late', delayMs: 3000 });
    const error = await rejection(client.complete(request()));
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /within 0\.1 s/);
  });

  it('the timeout counts idle time, so a steady stream longer than it completes', async () => {
    client = createOpenAiClient({ settings: settings({ timeoutMs: 150 }), apiKey: 'k' });
    server.script({ text: 'y'.repeat(80), chunkSize: 10, chunkDelayMs: 40 });
    const reply = await client.complete(request({ stream: true }));
    assert.equal(reply.text, 'y'.repeat(80));
  });

  it('a stalled stream times out', async () => {
    client = createOpenAiClient({ settings: settings({ timeoutMs: 100 }), apiKey: 'k' });
    server.script({ text: 'z'.repeat(40), chunkSize: 10, chunkDelayMs: 1000 });
    const error = await rejection(client.complete(request({ stream: true })));
    assert.equal(error.kind, 'timeout');
  });

  it('an unreachable server says connection refused', async () => {
    const port = await closedPort();
    client = createOpenAiClient({ settings: settings({ baseUrl: `http://127.0.0.1:${port}/v1` }), apiKey: 'k' });
    const error = await rejection(client.complete(request()));
    assert.equal(error.kind, 'unreachable');
    assert.match(error.message, new RegExp(`Cannot reach http://127.0.0.1:${port}/v1 \\(connection refused\\)`));
  });

  it('a completion without choices, or a body that is not JSON, is a bad response', async () => {
    server.script({ raw: JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'm', choices: [] }) });
    const empty = await rejection(client.complete(request()));
    assert.equal(empty.kind, 'bad-response');
    assert.match(empty.message, /without choices/);
    server.script({ raw: '<html>proxy login</html>', contentType: 'text/html' });
    const html = await rejection(client.complete(request()));
    assert.equal(html.kind, 'bad-response');
    assert.match(html.message, /is not a chat completion/);
  });

  it('a 400 (e.g. context too long) passes the server words through', async () => {
    server.script({ status: 400, message: "This model's maximum context length is 4096 tokens" });
    const error = await rejection(client.complete(request()));
    assert.equal(error.kind, 'bad-request');
    assert.match(error.message, /refused the request \(400: This model's maximum context length is 4096 tokens\)/);
  });

  it('refuses a base URL that is not http(s)', () => {
    assert.throws(
      () => createOpenAiClient({ settings: settings({ baseUrl: 'localhost:8000' }), apiKey: '' }),
      /not an http\(s\) URL/,
    );
  });
});

/** A port nothing listens on: bind, read the port, close. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
