import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { libraryMutate } from '../../../src/core/generate/mutationGenerator';
import { createNoveltyJudge } from '../../../src/core/generate/noveltyJudge';
import { codeId } from '../../../src/core/novelty/codeId';
import { NoveltyChecker } from '../../../src/core/novelty/noveltyChecker';
import { loadSnippetLibrary } from '../../../src/core/retrieve/loadSnippetLibrary';

const root = join(__dirname, '../../..');
const seedCode = readFileSync(join(root, 'examples/nets/referenceCnn.net.ts'), 'utf8');

describe('generate adapters over the real core', () => {
  it('createNoveltyJudge: exact by code id, near-duplicate and novel by MinHash', async () => {
    const checker = new NoveltyChecker();
    checker.addToCorpus('seed', checker.signatureOf(seedCode));
    const judge = createNoveltyJudge(checker, (id) => (id === codeId(seedCode) ? 'seed' : undefined));
    assert.deepEqual(await judge.judge(seedCode.replace(/ +/g, ' ')), {
      verdict: 'duplicate',
      nearest: { id: 'seed', similarity: 1 },
    });
    const near = await judge.judge(seedCode.replace('units: 64', 'units: 65'));
    assert.equal(near.verdict, 'near-duplicate');
    assert.equal(near.nearest?.id, 'seed');
    const other =
      "import * as tf from '@tensorflow/tfjs';\nexport function supportedHyperparameters(): string[] { return ['lr']; }\nexport class Net { model = tf.sequential({ layers: [tf.layers.dense({ units: 10, inputShape: [4] })] }); }\n";
    assert.equal((await judge.judge(other)).verdict, 'novel');
  });

  it('libraryMutate: a seeded, described mutation; the failure of mutateNet becomes an Error', () => {
    const library = loadSnippetLibrary(join(root, 'snippets'));
    const mutate = libraryMutate(library);
    const a = mutate(seedCode, 'seed.net.ts', { randomSeed: 3 });
    assert.notEqual(a.source, seedCode);
    assert.ok(a.description.length > 0);
    assert.deepEqual(mutate(seedCode, 'seed.net.ts', { randomSeed: 3 }), a);
    const ids = new Set(library.map((s) => s.id));
    const used = [...Array(12).keys()].flatMap(
      (seed) => mutate(seedCode, 'seed.net.ts', { randomSeed: seed }).snippets ?? [],
    );
    assert.ok(
      used.every((id) => ids.has(id)),
      `unknown snippet ids: ${used.join(', ')}`,
    );
    assert.ok(used.length > 0, 'some of 12 seeded mutations inline a library block and name it');
    assert.throws(() => mutate('export const x = ;', 'broken.net.ts', { randomSeed: 1 }), /does not parse|cannot/);
  });
});
