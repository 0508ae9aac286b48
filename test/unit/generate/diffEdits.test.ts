/**
 * Diff edits against a real OpenAI-compatible HTTP server (the real `openai` SDK, the real
 * checker): SEARCH/REPLACE replies that apply, one that does not and is repaired, and one that
 * never applies and falls back to a whole file.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GenerateDeps } from '../../../src/core/generate/generateVariant';
import { generateVariant } from '../../../src/core/generate/generateVariant';
import { createLlmGenerator, usesDiff } from '../../../src/core/generate/llmGenerator';
import type { EditFormat } from '../../../src/core/generate/llmGenerator';
import { netApiChecker } from '../../../src/core/generate/netApiChecker';
import { createPromptPort } from '../../../src/core/generate/promptPort';
import { decodingFrom, defaultLlmSettings } from '../../../src/core/llm/llmClient';
import { createOpenAiClient } from '../../../src/core/llm/openAiClient';
import { loadPromptTemplates } from '../../../src/core/prompts/loadPromptTemplates';
import { loadSnippetLibrary } from '../../../src/core/retrieve/loadSnippetLibrary';
import type { FakeOpenAiServer } from '../../support/fakeOpenAiServer';
import { startFakeOpenAiServer } from '../../support/fakeOpenAiServer';

const root = join(__dirname, '../../..');
const seedCode = readFileSync(join(root, 'examples/nets/referenceCnn.net.ts'), 'utf8');
const templates = loadPromptTemplates(join(root, 'prompts'));
const library = loadSnippetLibrary(join(root, 'snippets'));
const task = {
  task: 'image classification',
  dataset: 'Fashion-MNIST',
  inShape: [28, 28, 1],
  outShape: [10],
  paramBudget: 500_000,
};
const hp = '```yaml\nlr: 0.02\nmomentum: 0.85\ndropout: 0.3\nbatch: 32\n```\n';
const pool = '        tf.layers.maxPooling2d({ poolSize: 2 }),\n        tf.layers.flatten(),';
const extraConv =
  "        tf.layers.maxPooling2d({ poolSize: 2 }),\n        tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),\n        tf.layers.flatten(),";
const block = (search: string, replace: string) => `<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n`;
const goodDiff = hp + block(pool, extraConv);
const badDiff = hp + block(pool.replace('poolSize: 2', 'poolSize: 3'), extraConv);

describe('diff edits (real openai SDK, local server, real checker)', () => {
  let server: FakeOpenAiServer;
  beforeEach(async () => (server = await startFakeOpenAiServer()));
  afterEach(() => server.close());

  function deps(editFormat: EditFormat): GenerateDeps {
    const settings = { ...defaultLlmSettings, baseUrl: server.baseUrl, model: 'qwen-coder' };
    const client = createOpenAiClient({
      settings,
      apiKey: 'sk-local',
      retryDelays: { baseDelayMs: 5, maxDelayMs: 50 },
    });
    const generator = createLlmGenerator({
      client,
      prompts: createPromptPort(templates, library, task),
      decoding: decodingFrom(settings),
      editFormat,
    });
    return { generator, checker: netApiChecker, novelty: { judge: () => ({ verdict: 'novel' }) } };
  }
  const request = {
    seed: { code: seedCode, fileName: 'seed.net.ts', accuracy: 0.71 },
    trusted: false,
    randomSeed: 3,
    k: 2,
  };
  const messages = (i: number) => server.requests[i].body.messages as { role: string; content: string }[];
  const user = (i: number) => messages(i).find((m) => m.role === 'user')!.content;

  it('a reply of blocks that apply becomes the variant, checked like a whole file', async () => {
    server.script({ text: goodDiff });
    const result = await generateVariant(deps('diff'), request);
    assert.equal(result.status, 'novel', result.message);
    assert.equal(result.code, seedCode.replace(pool, extraConv));
    assert.deepEqual(result.hyperparameters, { lr: 0.02, momentum: 0.85, dropout: 0.3, batch: 32 });
    assert.equal(result.editOutcome, 'diff applied');
    assert.equal(server.requests.length, 1);
    assert.match(messages(0)[0].content, /<<<<<<< SEARCH/, 'the system message asks for SEARCH/REPLACE blocks');
    assert.match(user(0), /Write the SEARCH\/REPLACE blocks for the new Net now/);
    assert.ok(
      result.usage && result.usage.completionTokens === goodDiff.length && result.usage.promptTokens > 100,
      'tokens from the server usage',
    );
  });

  it('a block that does not match gets a repair prompt naming it; the repaired blocks apply', async () => {
    server.script({ text: badDiff }, { text: goodDiff });
    const result = await generateVariant(deps('diff'), request);
    assert.equal(result.status, 'novel', result.message);
    assert.equal(result.editOutcome, 'diff repaired');
    assert.equal(server.requests.length, 2);
    assert.match(user(1), /Problem: Block 1's SEARCH text does not occur in the Net/);
    assert.ok(user(1).includes('poolSize: 3'), 'the repair prompt shows the blocks as written');
    assert.ok(user(1).includes(seedCode.trimEnd()), 'and the parent they were meant for');
    assert.equal(result.usage!.completionTokens, badDiff.length + goodDiff.length, 'both requests are counted');
  });

  it('blocks that never apply fall back to a whole file', async () => {
    const whole = hp + '```typescript\n' + seedCode.replace(pool, extraConv) + '```\n';
    server.script({ text: badDiff }, { text: badDiff }, { text: whole });
    const result = await generateVariant(deps('diff'), request);
    assert.equal(result.status, 'novel', result.message);
    assert.equal(result.editOutcome, 'diff failed → full');
    assert.equal(server.requests.length, 3);
    assert.match(user(2), /Write the new Net now, in the reply format\./, 'the last request asks for the whole file');
    assert.doesNotMatch(messages(2)[0].content, /<<<<<<< SEARCH/);
  });

  it('full mode asks for a whole file; auto picks diff for long parents only', async () => {
    server.script({ text: hp + '```typescript\n' + seedCode.replace(pool, extraConv) + '```\n' });
    const result = await generateVariant(deps('full'), request);
    assert.equal(result.editOutcome, 'full');
    assert.doesNotMatch(messages(0)[0].content, /SEARCH/);
    assert.equal(usesDiff('auto', seedCode), seedCode.split('\n').length >= 60);
    assert.equal(usesDiff('auto', seedCode + '\n'.repeat(60)), true);
    assert.equal(usesDiff('full', seedCode + '\n'.repeat(60)), false);
  });
});
