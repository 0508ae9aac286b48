import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GenerateDeps, GenerateProgress, GenerateRequest } from '../../../src/core/generate/generateVariant';
import { generateVariant } from '../../../src/core/generate/generateVariant';
import { createLlmGenerator } from '../../../src/core/generate/llmGenerator';
import { netApiChecker } from '../../../src/core/generate/netApiChecker';
import type { ExecutionCheck, NoveltyJudge } from '../../../src/core/generate/ports';
import { createPromptPort } from '../../../src/core/generate/promptPort';
import { decodingFrom, defaultLlmSettings } from '../../../src/core/llm/llmClient';
import { createOpenAiClient } from '../../../src/core/llm/openAiClient';
import { codeId } from '../../../src/core/novelty/codeId';
import { loadPromptTemplates } from '../../../src/core/prompts/loadPromptTemplates';
import { loadSnippetLibrary } from '../../../src/core/retrieve/loadSnippetLibrary';
import type { FakeOpenAiServer } from '../../support/fakeOpenAiServer';
import { startFakeOpenAiServer } from '../../support/fakeOpenAiServer';

const root = join(__dirname, '../../..');
const seedCode = readFileSync(join(root, 'examples/nets/referenceCnn.net.ts'), 'utf8');
/** A valid variant: one more convolution than the seed. */
const variant = seedCode.replace(
  'tf.layers.maxPooling2d({ poolSize: 2 }),\n        tf.layers.flatten(),',
  "tf.layers.maxPooling2d({ poolSize: 2 }),\n        tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),\n        tf.layers.flatten(),",
);
/** Breaks a rule no safe fix can repair. */
const usesEval = variant.replace('void device;', 'void device; eval("1");');
const hp = '```yaml\nlr: 0.02\nmomentum: 0.85\ndropout: 0.3\nbatch: 32\n```\n';
const ts = (code: string) => '```typescript\n' + code + '```\n';
const templates = loadPromptTemplates(join(root, 'prompts'));
const library = loadSnippetLibrary(join(root, 'snippets'));
const task = {
  task: 'image classification',
  dataset: 'CIFAR-10',
  inShape: [32, 32, 3],
  outShape: [10],
  paramBudget: 500_000,
};

/** Novelty over an in-memory list: exact by codeId, "near" when a test marks the code so. */
function memoryNovelty(known: string[] = [], near: string[] = []): NoveltyJudge {
  return {
    judge: (code) => {
      const id = codeId(code);
      if (known.some((k) => codeId(k) === id)) return { verdict: 'duplicate', nearest: { id, similarity: 1 } };
      if (near.includes(code)) return { verdict: 'near-duplicate', nearest: { id: 'abc123', similarity: 0.93 } };
      return { verdict: 'novel', nearest: { id: codeId(seedCode), similarity: 0.61 } };
    },
  };
}

describe('generateVariant with the LLM generator (real openai SDK, local server, real checker)', () => {
  let server: FakeOpenAiServer;
  let deps: GenerateDeps;
  const request = (overrides: Partial<GenerateRequest> = {}): GenerateRequest => ({
    seed: { code: seedCode, fileName: 'seed.net.ts', accuracy: 0.41 },
    trusted: false,
    randomSeed: 7,
    ...overrides,
  });
  const userMessage = (i: number) =>
    (
      (server.requests[i].body.messages as { role: string; content: string }[]).find((m) => m.role === 'user') ?? {
        content: '',
      }
    ).content;

  beforeEach(async () => {
    server = await startFakeOpenAiServer();
    deps = withClient({});
  });
  afterEach(() => server.close());

  function withClient(overrides: Partial<GenerateDeps>, timeoutMs = defaultLlmSettings.timeoutMs): GenerateDeps {
    const settings = {
      ...defaultLlmSettings,
      baseUrl: server.baseUrl,
      model: 'qwen-coder',
      extraBody: { top_k: 50 },
      timeoutMs,
    };
    const client = createOpenAiClient({
      settings,
      apiKey: 'sk-local',
      retryDelays: { baseDelayMs: 5, maxDelayMs: 100 },
    });
    const generator = createLlmGenerator({
      client,
      prompts: createPromptPort(templates, library, task),
      decoding: decodingFrom(settings),
    });
    return { generator, checker: netApiChecker, novelty: memoryNovelty(), ...overrides };
  }

  it('a clean reply becomes a novel variant, with the exact request and lineage recorded', async () => {
    server.script({ text: hp + ts(variant) });
    const progress: GenerateProgress[] = [];
    const result = await generateVariant(deps, request({ k: 3, onProgress: (p) => progress.push(p) }));
    assert.equal(result.status, 'novel', result.message);
    assert.equal(result.code, variant);
    assert.deepEqual(result.hyperparameters, { lr: 0.02, momentum: 0.85, dropout: 0.3, batch: 32 });
    assert.equal(result.attempts.length, 1);
    assert.equal(result.snippets.length, 3);
    assert.match(result.promptHash ?? '', /^[0-9a-f]{64}$/);
    assert.match(result.message, /^A novel variant \(nearest [0-9a-f]{32}, similarity 0\.61\)\.$/);
    const body = server.requests[0].body;
    assert.deepEqual(
      [body.model, body.temperature, body.top_p, body.max_tokens, body.top_k, body.stream],
      ['qwen-coder', 0.2, 0.9, 2048, 50, true],
    );
    assert.ok(userMessage(0).includes(seedCode.trimEnd()), 'the prompt carries the seed code');
    assert.ok(userMessage(0).includes('41.0%'), 'the prompt carries the seed accuracy');
    assert.equal(
      progress
        .filter((p) => p.delta)
        .map((p) => p.delta)
        .join(''),
      hp + ts(variant),
    );
    assert.deepEqual([...new Set(progress.map((p) => p.stage))], ['generating', 'checking', 'novelty']);
  });

  it('the same seed gives the same prompt hash and snippets', async () => {
    server.script({ text: hp + ts(variant) }, { text: hp + ts(variant) });
    const [a, b] = [await generateVariant(deps, request()), await generateVariant(deps, request())];
    assert.equal(a.promptHash, b.promptHash);
    assert.deepEqual(a.snippets, b.snippets);
    assert.deepEqual(server.requests[0].body.messages, server.requests[1].body.messages);
  });

  it('takes the code from prose around the block, and from several blocks', async () => {
    server.script({ text: `Sure! Here is a deeper variant.\n\n${hp}${ts(variant)}\nThis adds a third convolution.` });
    assert.equal((await generateVariant(deps, request())).code, variant);
    const example =
      "import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential();\nclass Usage { run() { return model.summary(); } }\n";
    server.script({ text: `${ts(example)}${hp}${ts(variant)}` });
    const result = await generateVariant(deps, request());
    assert.equal(result.status, 'novel', result.message);
    assert.equal(result.code, variant);
  });

  it('applies safe fixes without re-prompting', async () => {
    const undeclared = variant.replace("return ['lr', 'momentum', 'dropout'];", "return ['lr', 'momentum'];");
    server.script({ text: hp + ts(undeclared) });
    const result = await generateVariant(deps, request());
    assert.equal(result.status, 'novel', result.message);
    assert.deepEqual(result.attempts[0].applied, ["Declare 'dropout' in supportedHyperparameters"]);
    assert.equal(server.requests.length, 1);
  });

  it('a truncated block is re-prompted, and the complete second reply is used', async () => {
    server.script(
      { text: hp + '```typescript\n' + variant.slice(0, 900), finishReason: 'length' },
      { text: hp + ts(variant) },
    );
    const result = await generateVariant(deps, request());
    assert.equal(result.status, 'novel', result.message);
    assert.equal(result.attempts.length, 2);
    assert.match(result.attempts[0].error ?? '', /cut off before its end/);
    const second = server.requests[1].body.messages as { role: string; content: string }[];
    assert.deepEqual(
      second.map((m) => m.role),
      ['system', 'user', 'assistant', 'user'],
    );
    assert.match(second[3].content, /cut off before its end/);
  });

  it('a reply with no code, every time, ends invalid after the limit', async () => {
    server.script({ text: 'I would add a residual block.' }, { text: 'Still prose.' }, { text: 'Nothing.' });
    const result = await generateVariant(deps, request());
    assert.equal(result.status, 'invalid');
    assert.equal(server.requests.length, 3);
    assert.match(
      result.message,
      /^No valid Net after 3 attempt\(s\)\. Last problem: The reply contained no TypeScript code/,
    );
  });

  it('a Net that breaks a rule is repaired on the second attempt via the repair prompt', async () => {
    server.script({ text: hp + ts(usesEval) }, { text: hp + ts(variant) });
    const result = await generateVariant(deps, request());
    assert.equal(result.status, 'novel', result.message);
    assert.equal(result.attempts.length, 2);
    assert.match(result.attempts[0].error ?? '', /'eval' is not available to a Net.*\[net-api\/forbidden-global\]/);
    const repair = userMessage(1);
    assert.match(repair, /Repair attempt 1 of 2/);
    assert.ok(repair.includes('eval("1")'), 'the repair prompt carries the rejected code');
    assert.match(repair, /line \d+: 'eval' is not available/);
    const generatePrompt = createPromptPort(templates, library, task).generate({
      seedCode,
      seedAccuracy: 0.41,
      k: 5,
      randomSeed: 7,
    });
    assert.equal(result.promptHash, generatePrompt.hash, 'a repaired variant keeps the generate prompt as its lineage');
    assert.deepEqual(result.snippets, generatePrompt.snippetIds);
    const sent = generatePrompt.messages;
    assert.deepEqual(
      result.prompt,
      {
        system: sent
          .filter((m) => m.role === 'system')
          .map((m) => m.content)
          .join('\n\n'),
        user: sent
          .filter((m) => m.role === 'user')
          .map((m) => m.content)
          .join('\n\n'),
      },
      'the generate prompt text travels with the variant (for the fine-tune corpus), not the repair prompt',
    );
  });

  it('a Net that never becomes valid fails clearly after the limit (maxRepairs setting)', async () => {
    server.script({ text: hp + ts(usesEval) }, { text: hp + ts(usesEval) });
    const result = await generateVariant(deps, request({ maxRepairs: 1 }));
    assert.equal(result.status, 'invalid');
    assert.equal(server.requests.length, 2);
    assert.match(result.message, /No valid Net after 2 attempt\(s\)\. Last problem: 'eval' is not available/);
    assert.equal(result.code, undefined);
  });

  it('a hyperparameter block out of range is sent back', async () => {
    server.script({ text: '```yaml\nlr: 3\nbatch: 48\n```\n' + ts(variant) }, { text: hp + ts(variant) });
    const result = await generateVariant(deps, request());
    assert.equal(result.status, 'novel');
    assert.match(result.attempts[0].error ?? '', /lr = 3 must be a number in \(0, 1\]; batch = 48/);
  });

  it('runs the execution check only in a trusted workspace, and repairs its failure', async () => {
    const calls: string[] = [];
    const executionCheck: ExecutionCheck = async (code) => (
      calls.push(code),
      calls.length === 1 ? { ok: false, message: 'forward returned [2, 5], expected [2, 10]' } : { ok: true }
    );
    deps = withClient({ executionCheck });
    server.script({ text: hp + ts(variant) });
    const untrusted = await generateVariant(deps, request({ trusted: false }));
    assert.equal(untrusted.executed, false);
    assert.equal(calls.length, 0);
    server.script({ text: hp + ts(variant) }, { text: hp + ts(variant) });
    const trusted = await generateVariant(deps, request({ trusted: true }));
    assert.equal(trusted.status, 'novel');
    assert.equal(trusted.executed, true);
    assert.equal(calls.length, 2);
    assert.match(trusted.attempts[0].error ?? '', /execution check failed: forward returned \[2, 5\]/);
  });

  it('reports duplicates of the seed and near-duplicates from the novelty port', async () => {
    server.script({ text: hp + ts(seedCode.replace(/\n\n/g, '\n')) });
    const same = await generateVariant(deps, request());
    assert.equal(same.status, 'duplicate');
    assert.deepEqual(same.nearest, { id: codeId(seedCode), similarity: 1 });
    deps = withClient({ novelty: memoryNovelty([], [variant]) });
    server.script({ text: hp + ts(variant) });
    const near = await generateVariant(deps, request());
    assert.equal(near.status, 'near-duplicate');
    assert.equal(near.message, 'A near-duplicate of a known Net (nearest abc123, similarity 0.93).');
  });

  it('a bad key fails with the auth message', async () => {
    server.script({ status: 401, message: 'invalid api key' });
    const result = await generateVariant(deps, request());
    assert.equal(result.status, 'failed');
    assert.match(result.message, /rejected the API key \(401: invalid api key\)/);
  });

  it('429 then success', async () => {
    server.script({ status: 429, headers: { 'retry-after-ms': '5' } }, { text: hp + ts(variant) });
    const result = await generateVariant(deps, request());
    assert.equal(result.status, 'novel', result.message);
    assert.equal(server.requests.length, 2);
  });

  it('a slow reply is cancelled by the user', async () => {
    server.script({ text: hp + ts(variant), delayMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await generateVariant(deps, request({ signal: controller.signal }));
    assert.equal(result.status, 'cancelled');
    assert.equal(result.message, 'Generation cancelled.');
  });

  it('cancelling during the execution check ends cancelled, not invalid', async () => {
    const controller = new AbortController();
    const executionCheck: ExecutionCheck = async () => (
      controller.abort(),
      { ok: false, message: 'the execution check ended: cancelled' }
    );
    deps = withClient({ executionCheck });
    server.script({ text: hp + ts(variant) }, { text: hp + ts(variant) });
    const result = await generateVariant(deps, request({ trusted: true, maxRepairs: 0, signal: controller.signal }));
    assert.equal(result.status, 'cancelled');
    assert.equal(server.requests.length, 1);
  });

  it('an unreachable server fails with a clear message', async () => {
    await server.close();
    const result = await generateVariant(deps, request());
    assert.equal(result.status, 'failed');
    assert.match(result.message, /Cannot reach http:\/\/127\.0\.0\.1:\d+\/v1 \(connection refused\)/);
  });
});
