import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateVariant } from '../../../src/core/generate/generateVariant';
import { createMutationGenerator } from '../../../src/core/generate/mutationGenerator';
import { netApiChecker } from '../../../src/core/generate/netApiChecker';
import type { MutateFn } from '../../../src/core/generate/ports';

const seedCode = readFileSync(join(__dirname, '../../../examples/nets/referenceCnn.net.ts'), 'utf8');
const novelty = { judge: () => ({ verdict: 'novel' as const }) };

describe('generateVariant with the mutation generator', () => {
  it('mutates again with the next seed when a mutation is rejected, and checks every one', async () => {
    const seeds: number[] = [];
    const mutate: MutateFn = (source, _fileName, { randomSeed: seed }) => {
      seeds.push(seed);
      // The first mutation breaks a rule no safe fix repairs; the second is fine.
      const mutated =
        seed === 10
          ? source.replace('void device;', 'void device; eval("1");')
          : source.replace('units: 64', 'units: 128');
      return {
        source: mutated,
        description: seed === 10 ? 'eval inserted' : 'dense units 64 → 128',
        snippets: seed === 10 ? [] : ['squeezeExcitation'],
      };
    };
    const result = await generateVariant(
      { generator: createMutationGenerator(mutate), checker: netApiChecker, novelty },
      { seed: { code: seedCode, fileName: 'seed.net.ts' }, trusted: false, randomSeed: 10 },
    );
    assert.deepEqual(seeds, [10, 11]);
    assert.equal(result.generator, 'mutation');
    assert.equal(result.status, 'novel', result.message);
    assert.equal(result.attempts.length, 2);
    assert.match(result.attempts[0].error ?? '', /'eval' is not available/);
    assert.equal(result.description, 'dense units 64 → 128');
    assert.deepEqual(result.snippets, ['squeezeExcitation']);
    assert.ok(result.code?.includes('units: 128'));
    assert.equal(result.promptHash, undefined);
  });

  it('a mutation that throws becomes a problem, and all failing ends invalid', async () => {
    const mutate: MutateFn = () => {
      throw new Error('no mutable layer found');
    };
    const result = await generateVariant(
      { generator: createMutationGenerator(mutate), checker: netApiChecker, novelty },
      { seed: { code: seedCode, fileName: 'seed.net.ts' }, trusted: false, maxRepairs: 1 },
    );
    assert.equal(result.status, 'invalid');
    assert.equal(result.attempts.length, 2);
    assert.match(result.message, /The mutation \(seed 1\) failed: no mutable layer found/);
  });
});
