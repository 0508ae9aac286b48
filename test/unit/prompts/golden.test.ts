/**
 * Golden-text tests: the exact prompts sent for fixed inputs. A change to a template, the variable
 * formatting or a snippet shows up here as a diff to review; regenerate the files with
 * `UPDATE_GOLDEN=1 npx mocha test/unit/prompts/golden.test.ts` and commit them with the change.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../../src/core/netApi/finding';
import { assembleGeneratePrompt } from '../../../src/core/prompts/assembleGeneratePrompt';
import { loadPromptTemplates } from '../../../src/core/prompts/loadPromptTemplates';
import { generatePromptVars, repairPromptVars, type GenerateInput } from '../../../src/core/prompts/promptVars';
import { renderPrompt, type RenderedPrompt } from '../../../src/core/prompts/renderPrompt';
import { loadSnippetLibrary } from '../../../src/core/retrieve/loadSnippetLibrary';
import type { Snippet } from '../../../src/core/retrieve/snippet';

const root = path.join(__dirname, '../../..');
const templates = loadPromptTemplates(path.join(root, 'prompts'));
const library = loadSnippetLibrary(path.join(root, 'snippets'));
const referenceCnn = fs.readFileSync(path.join(root, 'examples/nets/referenceCnn.net.ts'), 'utf8');
const byId = (id: string): Snippet => library.find((s) => s.id === id) as Snippet;

const cifar: GenerateInput = { task: 'image classification', dataset: 'CIFAR-10', inShape: [32, 32, 3], outShape: [10], paramBudget: 500_000, seedCode: referenceCnn };

function asText(prompt: RenderedPrompt): string {
  return `${prompt.messages.map((m) => `===== ${m.role} =====\n${m.content}\n`).join('')}===== sha256 =====\n${prompt.hash}\n`;
}

function expectGolden(name: string, prompt: RenderedPrompt): void {
  const file = path.join(__dirname, 'golden', name);
  const actual = asText(prompt);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.writeFileSync(file, actual);
  }
  assert.ok(fs.existsSync(file), `${file} is missing; run with UPDATE_GOLDEN=1 to create it`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'));
}

describe('golden prompts', () => {
  it('generate: reference CNN, measured accuracy, two snippets', () => {
    const vars = generatePromptVars({ ...cifar, seedAccuracy: 0.413, seedFamily: 'vgg' }, [byId('squeezeExcitation'), byId('resnetBasic')]);
    expectGolden('generate-reference.txt', renderPrompt(templates.generate, vars));
  });

  it('generate: untrained seed of unknown family, no snippets', () => {
    const vars = generatePromptVars({ ...cifar, dataset: 'Fashion-MNIST', inShape: [28, 28, 1], paramBudget: 100_000 }, []);
    expectGolden('generate-untrained.txt', renderPrompt(templates.generate, vars));
  });

  it('generate assembled: k 3, seed 7, retrieval leaves out the vgg family', () => {
    const prompt = assembleGeneratePrompt(templates.generate, library, cifar, { k: 3, seed: 7, tokenBudget: 6000 });
    assert.equal(prompt.seedFamily, 'vgg');
    assert.ok(prompt.snippets.every((s) => s.family !== 'vgg'));
    expectGolden('generate-assembled-k3-seed7.txt', prompt);
  });

  it('repair: a checker finding located by line and an execution error', () => {
    const broken = referenceCnn.replace('export class Net', 'export class Model');
    const at = broken.indexOf('class Model');
    const finding: Finding = {
      code: 'net-api/missing-net-class',
      severity: 'error',
      message: 'No exported class named Net.',
      range: { start: at, end: at + 11 },
      fixes: [],
    };
    const vars = repairPromptVars({ ...cifar, code: broken, errors: [finding, 'forward returned shape [2, 5], expected [2, 10]'], attempt: 1, maxAttempts: 2 });
    expectGolden('repair-reference.txt', renderPrompt(templates.repair, vars));
  });
});
