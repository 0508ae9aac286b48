// `npm run bench:search`: its options, the two strategies' settings, and the figures and verdict it prints.
import * as assert from 'node:assert/strict';
import { defaultSearchSettings } from '../../../src/core/cycle/runCycle';
import { defaultSearchArgs, generationSeed, parseSearchArgs, strategySettings } from '../../../bench/lib/searchArgs';
import type { SearchRun } from '../../../bench/lib/searchSummary';
import {
  formatStrategy,
  intervalsOverlap,
  pairedDifference,
  summarizeStrategy,
  verdict,
} from '../../../bench/lib/searchSummary';

function run(strategy: string, seed: number, admitted: number[], extra: Partial<SearchRun> = {}): SearchRun {
  return {
    strategy,
    seed,
    candidates: 10,
    valid: 8,
    trained: 8,
    admitted,
    cellsFilled: 4,
    cells: 20,
    wallS: 60,
    ...extra,
  };
}

describe('bench:search options', () => {
  it('defaults to 3 cycles × 4 candidates × 3 seeds of both strategies, and reads every flag', () => {
    assert.deepEqual(parseSearchArgs([]), defaultSearchArgs);
    assert.deepEqual(
      { ...defaultSearchArgs, strategies: [...defaultSearchArgs.strategies] },
      { ...defaultSearchArgs, cycles: 3, candidates: 4, seeds: 3, strategies: ['archive', 'greedy'] },
    );
    const a = parseSearchArgs([
      ...['--cycles', '2', '--candidates', '3', '--seeds', '1', '--max-batches', '10', '--threads', '2'],
      ...['--parallel', '1', '--strategies', 'greedy,greedy', '--threshold', '0.5', '--max-epoch-minutes', '3'],
      ...['--data', '/d', '--verbose'],
    ]);
    assert.deepEqual(
      { ...a, strategies: [...a.strategies] },
      {
        cycles: 2,
        candidates: 3,
        seeds: 1,
        maxBatches: 10,
        threads: 2,
        parallel: 1,
        strategies: ['greedy'],
        threshold: 0.5,
        maxEpochMinutes: 3,
        dataDir: '/d',
        verbose: true,
      },
    );
  });

  it('refuses bad values with the usage text', () => {
    for (const [argv, pattern] of [
      [['--cycles', '0'], /--cycles needs an integer ≥ 1, got '0'/],
      [['--strategies', 'random'], /--strategies needs one or more of archive, greedy/],
      [['--threshold', '1.5'], /--threshold needs a number in 0…1/],
      [['--bogus'], /unknown option '--bogus'/],
    ] as const)
      assert.throws(
        () => parseSearchArgs(argv),
        (e: Error) => pattern.test(e.message) && /usage:/.test(e.message),
      );
  });

  it('greedy mutates only the cycle seed with nothing learned in the prompt; archive is the default search', () => {
    assert.equal(strategySettings.archive, defaultSearchSettings);
    const g = strategySettings.greedy;
    assert.deepEqual(g.ratios, { exploit: 0, explore: 0, seed: 1 });
    assert.deepEqual([g.inspirations, g.failures, g.islands], [0, 0, 1]);
    assert.deepEqual(g.archive, defaultSearchSettings.archive, 'the same grid measures both');
  });

  it('spaces generation seeds so no two runs share a candidate draw', () => {
    // The cycle draws candidate n of cycle c from seed + c·1000 + n.
    const draws = (seed: number) =>
      Array.from({ length: 50 * 40 }, (_, i) => seed + Math.floor(i / 40) * 1000 + (i % 40));
    const a = new Set(draws(generationSeed(0)));
    assert.ok(draws(generationSeed(1)).every((d) => !a.has(d)));
  });
});

describe('bench:search figures', () => {
  const runs = [
    run('archive', 1, [0.7, 0.8]),
    run('archive', 2, [0.72, 0.76]),
    run('archive', 3, [0.74], { cellsFilled: 6 }),
    run('greedy', 1, [0.65, 0.6]),
    run('greedy', 2, [0.66]),
    run('greedy', 3, [], { valid: 5 }),
  ];

  it('summarises best and mean admitted accuracy across seeds, coverage and the valid rate', () => {
    const a = summarizeStrategy('archive', runs);
    assert.equal(a.seeds, 3);
    assert.equal(a.best.n, 3);
    assert.ok(Math.abs((a.best.mean ?? 0) - (0.8 + 0.76 + 0.74) / 3) < 1e-12);
    assert.ok(a.best.interval && a.best.interval[0] < a.best.mean! && a.best.interval[1] > a.best.mean!);
    assert.ok(Math.abs((a.meanAdmitted.mean ?? 0) - (0.75 + 0.74 + 0.74) / 3) < 1e-12);
    assert.deepEqual(
      [a.cellsFilled, a.cells, a.candidates, a.valid, a.admittedCount, a.wallS],
      [14, 60, 30, 24, 5, 180],
    );
    assert.ok(Math.abs((a.coverage.mean ?? 0) - 14 / 60) < 1e-12);
    const g = summarizeStrategy('greedy', runs);
    assert.equal(g.best.n, 2, 'a seed that admitted nothing has no best');
    assert.equal(g.validRate, 21 / 30);
    assert.match(formatStrategy(g), /best admitted accuracy %: +65\.5 \[[\d.]+, [\d.]+\] \(n=2\)/);
    assert.match(formatStrategy(g), /valid rate: +70\.0% \[[\d.]+, [\d.]+\] \(21\/30\)/);
  });

  it('pairs the strategies by seed, leaving out seeds where either has no value', () => {
    const d = pairedDifference(runs, 'archive', 'greedy', 'best');
    assert.equal(d.n, 2);
    assert.ok(Math.abs((d.mean ?? 0) - (0.8 - 0.65 + (0.76 - 0.66)) / 2) < 1e-12);
  });

  it('calls a win only when the paired interval excludes 0, and says whether the intervals overlap', () => {
    const a = summarizeStrategy('archive', runs);
    const g = summarizeStrategy('greedy', runs);
    const clear = verdict(a, g, { mean: 0.12, interval: [0.05, 0.19], n: 3 }, 'best');
    assert.match(clear, /archive − greedy = \+12\.0 points .*95% interval \+5\.0…\+19\.0.*; archive beats greedy;/);
    assert.match(clear, /intervals (do not )?overlap$/);
    assert.match(verdict(a, g, { mean: -0.1, interval: [-0.2, -0.01], n: 3 }, 'best'), /greedy beats archive/);
    assert.match(
      verdict(a, g, { mean: 0.02, interval: [-0.05, 0.09], n: 3 }, 'meanAdmitted'),
      /no clear winner: archive is ahead on average, but the interval of the difference includes 0/,
    );
    assert.match(verdict(a, g, { mean: 0.02, interval: null, n: 1 }, 'coverage'), /one seed gives no interval/);
    assert.match(verdict(a, g, { mean: null, interval: null, n: 0 }, 'best'), /no seed where both/);
    assert.equal(intervalsOverlap([0, 1], [1, 2]), true);
    assert.equal(intervalsOverlap([0, 1], [1.5, 2]), false);
    assert.equal(intervalsOverlap(null, [0, 1]), false);
  });
});
