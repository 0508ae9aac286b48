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
import { diffRepairPromptVars, generatePromptVars, repairPromptVars, type GenerateInput, type PromptInspiration } from '../../../src/core/prompts/promptPlaceholderValues';
import { renderPrompt, type RenderedPrompt } from '../../../src/core/prompts/renderPrompt';
import { estimateMessageTokens } from '../../../src/core/retrieve/estimateTokens';
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
    const prompt = assembleGeneratePrompt(templates.generate, library, cifar, { k: 3, randomSeed: 7, tokenBudget: 6000 });
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

  const inspirations: PromptInspiration[] = [
    { name: 'referenceCnn.c2v3', accuracy: 0.472, paramCount: 61_322, family: 'resnet', summary: 'conv2d×4, batchNormalization×4, add, maxPooling2d×2, flatten, dense×2', code: referenceCnn.replace('filters: 16', 'filters: 24') },
    { name: 'referenceCnn.c1v2', accuracy: 0.391, paramCount: 18_250, family: 'mobilenet', summary: 'conv2d, depthwiseConv2d×2, globalAveragePooling2d, dense' },
  ];

  it('generate, diff mode: inspirations with code and summary, failures of the parent', () => {
    const vars = generatePromptVars(
      { ...cifar, seedAccuracy: 0.413, seedFamily: 'vgg', diffEdit: true, inspirations, failures: ['No exported class named Net. [net-api/missing-net-class]', 'Training failed (nan-loss): the loss became NaN at batch 3'] },
      [],
    );
    expectGolden('generate-diff-learned.txt', renderPrompt(templates.generate, vars));
  });

  it('generate assembled: a tight budget drops snippets, then inspiration code, then inspirations', () => {
    const assemble = (tokenBudget: number) => assembleGeneratePrompt(templates.generate, library, { ...cifar, inspirations }, { k: 3, randomSeed: 7, tokenBudget });
    const roomy = assemble(100_000);
    assert.equal(roomy.snippets.length, 3);
    assert.ok(roomy.inspirations.length === 2 && roomy.inspirations[0].code !== undefined);
    const summariesOnly = estimateMessageTokens(renderPrompt(templates.generate, generatePromptVars({ ...cifar, seedFamily: 'vgg', inspirations: inspirations.map((n) => ({ ...n, code: undefined })) }, [])).messages);
    const noSnippets = assemble(summariesOnly + 200);
    assert.equal(noSnippets.snippets.length, 0, 'snippets go first');
    assert.equal(noSnippets.inspirations.length, 2);
    const squeezed = assemble(summariesOnly);
    assert.deepEqual([squeezed.snippets.length, squeezed.inspirations.length, squeezed.inspirations[0].code], [0, 2, undefined], 'then the code gives way to the layer summary');
    assert.equal(assemble(summariesOnly - 1).inspirations.length, 1, 'then the last inspiration goes');
    const bare = assemble(1);
    assert.deepEqual([bare.snippets.length, bare.inspirations.length, bare.overBudget], [0, 0, true]);
  });

  it('diffRepair: names the block that did not apply', () => {
    const vars = diffRepairPromptVars({
      ...cifar,
      code: referenceCnn,
      blocks: 'Block 1:\n<<<<<<< SEARCH\n        tf.layers.dense({ units: 128, activation: \'relu\' }),\n=======\n        tf.layers.dense({ units: 96, activation: \'relu\' }),\n>>>>>>> REPLACE',
      problem: "Block 1's SEARCH text does not occur in the Net; copy it character for character, indentation included.",
    });
    expectGolden('diffRepair-reference.txt', renderPrompt(templates.diffRepair, vars));
  });
});
