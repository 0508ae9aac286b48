// What `npm run bench:search` reports: each strategy's figures across seeds, and the verdict.
import { meanInterval, wilsonInterval } from '../../src/core/cycle/intervals';

/** What one run (one strategy, one generation seed) measured. */
export interface SearchRun {
  readonly strategy: string;
  readonly seed: number;
  readonly candidates: number;
  readonly valid: number;
  readonly trained: number;
  /** First-epoch accuracies of the admitted candidates, every cycle. */
  readonly admitted: readonly number[];
  /** Archive cells holding an elite at the end, and how many the grid has. */
  readonly cellsFilled: number;
  readonly cells: number;
  readonly wallS: number;
}

/** A mean over seeds with its t-based 95% interval (null with fewer than two seeds), and how many seeds had a value. */
export interface SeedMean {
  readonly mean: number | null;
  readonly interval: readonly [number, number] | null;
  readonly n: number;
}

/** One strategy across its seeds. */
export interface StrategySummary {
  readonly strategy: string;
  readonly seeds: number;
  /** Per seed: the best admitted accuracy; seeds that admitted nothing are left out (see `n`). */
  readonly best: SeedMean;
  /** Per seed: the mean admitted accuracy. */
  readonly meanAdmitted: SeedMean;
  /** Per seed: cells filled / cells. */
  readonly coverage: SeedMean;
  readonly cellsFilled: number;
  readonly cells: number;
  readonly candidates: number;
  readonly valid: number;
  readonly validRate: number;
  /** Wilson 95% interval of the valid rate over every candidate. */
  readonly validRateCi: readonly [number, number];
  readonly admittedCount: number;
  readonly wallS: number;
}

function seedMean(values: readonly (number | null)[]): SeedMean {
  const present = values.filter((v): v is number => v !== null);
  const { mean, interval } = meanInterval(present);
  return { mean, interval, n: present.length };
}

const bestOf = (r: SearchRun) => (r.admitted.length > 0 ? Math.max(...r.admitted) : null);
const meanOf = (r: SearchRun) =>
  r.admitted.length > 0 ? r.admitted.reduce((a, b) => a + b, 0) / r.admitted.length : null;
const coverageOf = (r: SearchRun) => (r.cells > 0 ? r.cellsFilled / r.cells : null);
const sum = (runs: readonly SearchRun[], f: (r: SearchRun) => number) => runs.reduce((a, r) => a + f(r), 0);

/** Summarises one strategy's runs. */
export function summarizeStrategy(strategy: string, runs: readonly SearchRun[]): StrategySummary {
  const own = runs.filter((r) => r.strategy === strategy);
  const candidates = sum(own, (r) => r.candidates);
  const valid = sum(own, (r) => r.valid);
  return {
    strategy,
    seeds: own.length,
    best: seedMean(own.map(bestOf)),
    meanAdmitted: seedMean(own.map(meanOf)),
    coverage: seedMean(own.map(coverageOf)),
    cellsFilled: sum(own, (r) => r.cellsFilled),
    cells: sum(own, (r) => r.cells),
    candidates,
    valid,
    validRate: candidates > 0 ? valid / candidates : 0,
    validRateCi: wilsonInterval(valid, candidates),
    admittedCount: sum(own, (r) => r.admitted.length),
    wallS: sum(own, (r) => r.wallS),
  };
}

/**
 * Strategy `a` minus strategy `b` on `metric`, paired by seed (both ran from the same generation
 * seed, so their first cycle is the same draw): the mean difference with its t interval. Seeds where
 * either side has no value are left out.
 */
export function pairedDifference(
  runs: readonly SearchRun[],
  a: string,
  b: string,
  metric: 'best' | 'meanAdmitted' | 'coverage',
): SeedMean {
  const of = { best: bestOf, meanAdmitted: meanOf, coverage: coverageOf }[metric];
  const diffs: number[] = [];
  for (const ra of runs.filter((r) => r.strategy === a)) {
    const rb = runs.find((r) => r.strategy === b && r.seed === ra.seed);
    const x = of(ra);
    const y = rb ? of(rb) : null;
    if (x !== null && y !== null) diffs.push(x - y);
  }
  return seedMean(diffs);
}

/** Whether two intervals share a point; false when either is missing. */
export function intervalsOverlap(x: SeedMean['interval'], y: SeedMean['interval']): boolean {
  return x !== null && y !== null && x[0] <= y[1] && y[0] <= x[1];
}

const points = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)}`;

/**
 * The verdict on one metric in words: a win only when the paired difference's interval excludes 0,
 * and always whether the two strategies' own intervals overlap.
 */
export function verdict(
  a: StrategySummary,
  b: StrategySummary,
  difference: SeedMean,
  metric: 'best' | 'meanAdmitted' | 'coverage',
): string {
  const label = {
    best: 'best admitted accuracy',
    meanAdmitted: 'mean admitted accuracy',
    coverage: 'archive coverage',
  }[metric];
  const unit = metric === 'coverage' ? 'points of the grid' : 'points';
  if (difference.mean === null) return `${label}: no seed where both ${a.strategy} and ${b.strategy} have a value`;
  const d = difference.interval;
  const shown = `${a.strategy} − ${b.strategy} = ${points(difference.mean)} ${unit} (paired over ${difference.n} seed${difference.n === 1 ? '' : 's'}${d ? `, 95% interval ${points(d[0])}…${points(d[1])}` : ', no interval from one seed'})`;
  const overlap = intervalsOverlap(a[metric].interval, b[metric].interval)
    ? 'the two strategies’ intervals overlap'
    : a[metric].interval && b[metric].interval
      ? 'the two strategies’ intervals do not overlap'
      : 'too few seeds for per-strategy intervals';
  let call: string;
  if (d && d[0] > 0) call = `${a.strategy} beats ${b.strategy}`;
  else if (d && d[1] < 0) call = `${b.strategy} beats ${a.strategy}`;
  else if (difference.mean === 0) call = 'a tie';
  else
    call = `no clear winner: ${difference.mean > 0 ? a.strategy : b.strategy} is ahead on average, but ${d ? 'the interval of the difference includes 0' : 'one seed gives no interval'}`;
  return `${label}: ${shown}; ${call}; ${overlap}`;
}

function withInterval(m: SeedMean, scale = 100, digits = 1): string {
  if (m.mean === null) return 'n/a';
  const v = (x: number) => (x * scale).toFixed(digits);
  return `${v(m.mean)}${m.interval ? ` [${v(m.interval[0])}, ${v(m.interval[1])}]` : ''}${m.n < 1 ? '' : ` (n=${m.n})`}`;
}

/** One strategy's line block, as the bench prints it. */
export function formatStrategy(s: StrategySummary): string {
  const [lo, hi] = s.validRateCi;
  return [
    `${s.strategy}: ${s.seeds} seed${s.seeds === 1 ? '' : 's'}, ${s.candidates} candidates, ${s.admittedCount} admitted, wall ${(s.wallS / 60).toFixed(1)} min`,
    `  best admitted accuracy %:  ${withInterval(s.best)}`,
    `  mean admitted accuracy %:  ${withInterval(s.meanAdmitted)}`,
    `  archive coverage %:        ${withInterval(s.coverage)} — ${s.cellsFilled}/${s.cells} cells over all seeds`,
    `  valid rate:                ${(s.validRate * 100).toFixed(1)}% [${(lo * 100).toFixed(1)}, ${(hi * 100).toFixed(1)}] (${s.valid}/${s.candidates})`,
  ].join('\n');
}
