import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { estimateTokens } from '../../../src/core/retrieve/estimateTokens';
import { snippetTokens } from '../../../src/core/retrieve/formatSnippet';
import { loadSnippetLibrary } from '../../../src/core/retrieve/loadSnippetLibrary';
import { indexToDrop, retrieveSnippets } from '../../../src/core/retrieve/retrieveSnippets';
import type { Snippet } from '../../../src/core/retrieve/snippet';

const library = loadSnippetLibrary(path.join(__dirname, '../../../snippets'));
const ids = (snippets: readonly Snippet[]): string[] => snippets.map((s) => s.id);

/** A synthetic snippet whose code is `chars` long, so its token cost is known. */
function fake(id: string, family: string, chars: number): Snippet {
  return { id, family, tags: ['test'], description: `synthetic ${id}`, code: 'x'.repeat(chars) };
}

describe('retrieveSnippets', () => {
  it('picks 5 by default, 1 and 10 on request, and rejects k outside 1..10', () => {
    assert.equal(retrieveSnippets(library, { randomSeed: 1 }).snippets.length, 5);
    assert.equal(retrieveSnippets(library, { randomSeed: 1, k: 1 }).snippets.length, 1);
    assert.equal(retrieveSnippets(library, { randomSeed: 1, k: 10 }).snippets.length, 10);
    for (const k of [0, 11, 2.5, -1, Number.NaN]) {
      assert.throws(() => retrieveSnippets(library, { randomSeed: 1, k }), /k must be a whole number from 1 to 10/);
    }
  });

  it('is reproducible: the same seed picks the same snippets in the same order', () => {
    for (const seed of [0, 1, 42, 2 ** 31 + 5]) {
      assert.deepEqual(
        ids(retrieveSnippets(library, { randomSeed: seed, k: 5 }).snippets),
        ids(retrieveSnippets(library, { randomSeed: seed, k: 5 }).snippets),
      );
    }
    // …and does not depend on the order the library lists its snippets in.
    assert.deepEqual(
      ids(retrieveSnippets([...library].reverse(), { randomSeed: 9 }).snippets),
      ids(retrieveSnippets(library, { randomSeed: 9 }).snippets),
    );
  });

  it('different seeds give different picks', () => {
    const picks = new Set(
      Array.from({ length: 20 }, (_, seed) => ids(retrieveSnippets(library, { randomSeed: seed }).snippets).join(',')),
    );
    assert.ok(picks.size >= 15, `only ${picks.size} distinct picks over 20 seeds`);
  });

  it("never picks the seed's own family", () => {
    for (let seed = 0; seed < 40; seed++) {
      const picked = retrieveSnippets(library, { randomSeed: seed, k: 10, excludeFamily: 'resnet' }).snippets;
      assert.equal(picked.length, 10);
      assert.ok(
        picked.every((s) => s.family !== 'resnet'),
        `seed ${seed} picked ${ids(picked)}`,
      );
    }
  });

  it('prefers one snippet per family before a second of the same family', () => {
    const lib = [
      fake('a1', 'a', 10),
      fake('a2', 'a', 10),
      fake('a3', 'a', 10),
      fake('b1', 'b', 10),
      fake('c1', 'c', 10),
    ];
    for (let seed = 0; seed < 20; seed++) {
      const families = retrieveSnippets(lib, { randomSeed: seed, k: 3 }).snippets.map((s) => s.family);
      assert.deepEqual([...families].sort(), ['a', 'b', 'c']);
    }
  });

  it('returns every eligible snippet when fewer than k remain', () => {
    const lib = [fake('a1', 'a', 10), fake('b1', 'b', 10), fake('c1', 'c', 10)];
    assert.deepEqual(ids(retrieveSnippets(lib, { randomSeed: 3, k: 10, excludeFamily: 'b' }).snippets).sort(), [
      'a1',
      'c1',
    ]);
  });

  describe('token budget', () => {
    const lib = [fake('small', 'a', 70), fake('large', 'b', 700), fake('medium', 'c', 350), fake('tiny', 'd', 35)];
    const cost = (id: string): number => snippetTokens(lib.find((s) => s.id === id) as Snippet);

    it('keeps everything and reports the estimate when the prompt fits', () => {
      const r = retrieveSnippets(lib, { randomSeed: 1, k: 4, tokenBudget: 10_000, fixedTokens: 500 });
      assert.deepEqual(r.dropped, []);
      assert.equal(r.estimatedTokens, 500 + lib.reduce((sum, s) => sum + snippetTokens(s), 0));
    });

    it('drops the largest snippets first until the whole prompt fits', () => {
      const all = lib.reduce((sum, s) => sum + snippetTokens(s), 0);
      const budget = 1000 + all - cost('large') - 1; // too small by one token once "large" is gone → "medium" goes too
      const r = retrieveSnippets(lib, { randomSeed: 1, k: 4, tokenBudget: budget, fixedTokens: 1000 });
      assert.deepEqual(r.dropped, ['large', 'medium']);
      assert.deepEqual(ids(r.snippets).sort(), ['small', 'tiny']);
      assert.ok(r.estimatedTokens <= budget);
      assert.equal(r.estimatedTokens, 1000 + cost('small') + cost('tiny'));
    });

    it('drops every snippet rather than overflow when the fixed part alone is too big', () => {
      const r = retrieveSnippets(lib, { randomSeed: 1, k: 4, tokenBudget: 100, fixedTokens: 150 });
      assert.deepEqual(r.snippets, []);
      assert.equal(r.dropped.length, 4);
      assert.equal(r.estimatedTokens, 150);
    });

    it('among equal sizes drops the one picked last', () => {
      const same = [fake('p', 'a', 100), fake('q', 'b', 100), fake('r', 'c', 100)];
      assert.equal(indexToDrop(same), 2);
      assert.equal(indexToDrop([]), -1);
    });

    it('rejects a non-positive budget or negative fixed tokens', () => {
      assert.throws(() => retrieveSnippets(lib, { randomSeed: 1, tokenBudget: 0 }), RangeError);
      assert.throws(() => retrieveSnippets(lib, { randomSeed: 1, fixedTokens: -5 }), RangeError);
      assert.throws(
        () => retrieveSnippets(lib, { randomSeed: Number.POSITIVE_INFINITY }),
        /seed must be a finite number/,
      );
    });
  });
});

describe('estimateTokens', () => {
  it('counts one token per 3.5 characters, rounded up', () => {
    assert.equal(estimateTokens(''), 0);
    assert.equal(estimateTokens('abcdefg'), 2);
    assert.equal(estimateTokens('abcdefgh'), 3);
    assert.equal(estimateTokens('x'.repeat(3500)), 1000);
  });
});
