import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assembleGeneratePrompt } from '../../../src/core/prompts/assembleGeneratePrompt';
import { loadPromptTemplates } from '../../../src/core/prompts/loadPromptTemplates';
import type { GenerateInput } from '../../../src/core/prompts/promptPlaceholderValues';
import { estimateMessageTokens } from '../../../src/core/retrieve/estimateTokens';
import { loadSnippetLibrary } from '../../../src/core/retrieve/loadSnippetLibrary';

const root = path.join(__dirname, '../../..');
const template = loadPromptTemplates(path.join(root, 'prompts')).generate;
const library = loadSnippetLibrary(path.join(root, 'snippets'));
const input: GenerateInput = {
  task: 'image classification',
  dataset: 'CIFAR-10',
  inShape: [32, 32, 3],
  outShape: [10],
  paramBudget: 500_000,
  seedCode: fs.readFileSync(path.join(root, 'examples/nets/referenceCnn.net.ts'), 'utf8'),
};
const headings = (text: string): string[] => [...text.matchAll(/^### (\w+) /gm)].map((m) => m[1]);

describe('assembleGeneratePrompt', () => {
  it('without a budget carries k snippets, in pick order, and reports its size', () => {
    const p = assembleGeneratePrompt(template, library, input, { k: 10, randomSeed: 3 });
    assert.equal(p.snippets.length, 10);
    assert.deepEqual(headings(p.messages[1].content), p.snippets.map((s) => s.id));
    assert.deepEqual(p.dropped, []);
    assert.equal(p.estimatedTokens, estimateMessageTokens(p.messages));
    assert.equal(p.overBudget, false);
  });

  it('drops snippets so the whole rendered prompt fits the budget', () => {
    const full = assembleGeneratePrompt(template, library, input, { k: 5, randomSeed: 11 });
    const bare = assembleGeneratePrompt(template, library, input, { k: 5, randomSeed: 11, tokenBudget: 1 });
    const budget = Math.floor((full.estimatedTokens + bare.estimatedTokens) / 2);
    const p = assembleGeneratePrompt(template, library, input, { k: 5, randomSeed: 11, tokenBudget: budget });
    assert.ok(p.dropped.length > 0 && p.snippets.length > 0, `dropped ${p.dropped}, kept ${p.snippets.length}`);
    assert.equal(p.dropped.length + p.snippets.length, 5);
    assert.ok(estimateMessageTokens(p.messages) <= budget);
    assert.deepEqual(headings(p.messages[1].content), p.snippets.map((s) => s.id));
    // The kept ones are those picked, minus the dropped ones, in the same order.
    assert.deepEqual(p.snippets.map((s) => s.id), full.snippets.map((s) => s.id).filter((id) => !p.dropped.includes(id)));
    assert.equal(p.overBudget, false);
  });

  it('when even the seed alone is over budget, sends no snippets and says so', () => {
    const p = assembleGeneratePrompt(template, library, input, { k: 5, randomSeed: 11, tokenBudget: 100 });
    assert.deepEqual(p.snippets, []);
    assert.equal(p.dropped.length, 5);
    assert.equal(p.overBudget, true);
    assert.ok(!p.messages[1].content.includes('Building blocks'));
  });

  it('is reproducible by seed and excludes the given or detected family', () => {
    const a = assembleGeneratePrompt(template, library, input, { randomSeed: 5 });
    assert.equal(assembleGeneratePrompt(template, library, input, { randomSeed: 5 }).hash, a.hash);
    assert.notEqual(assembleGeneratePrompt(template, library, input, { randomSeed: 6 }).hash, a.hash);
    assert.equal(a.seedFamily, 'vgg');
    for (let seed = 0; seed < 10; seed++) {
      const p = assembleGeneratePrompt(template, library, { ...input, seedFamily: 'resnet' }, { randomSeed: seed, k: 10 });
      assert.ok(p.snippets.every((s) => s.family !== 'resnet'));
      assert.match(p.messages[1].content, /Seed Net \(family: resnet\):/);
    }
  });

  it('rejects k outside 1..10 and an accuracy outside [0, 1]', () => {
    assert.throws(() => assembleGeneratePrompt(template, library, input, { randomSeed: 1, k: 11 }), /k must be a whole number from 1 to 10/);
    assert.throws(() => assembleGeneratePrompt(template, library, { ...input, seedAccuracy: 41.3 }, { randomSeed: 1 }), /seedAccuracy must lie in \[0, 1\]/);
  });
});
