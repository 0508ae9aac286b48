/**
 * `npm run bench:mutate [-- --count N]`: the offline generator over 5 reference Nets in different
 * styles, N seeded variants each (default 200). For every variant: the Net-API static check, the
 * trainer's execution check run in this process on the trainer's wasm backend, else cpu (build with
 * Fashion-MNIST's shape, dummy forward, trainSetup, learn on 2 batches), and the exact Jaccard
 * similarity to its parent on the novelty module's shingles (near-duplicate at ≥ 0.90).
 * Targets (issue 5): ≥ 95% pass both checks, ≥ 90% not near-duplicates of their parent.
 */
import * as tf from '@tensorflow/tfjs';
import { transformSync } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkNet } from '../src/core/netApi/checkNet';
import { mutateNet } from '../src/core/mutate/mutateNet';
import { loadSnippetLibrary } from '../src/core/retrieve/loadSnippetLibrary';
import { normalizedTokens } from '../src/core/novelty/netTokenizer';
import { exactJaccard, shingleHashes } from '../src/core/novelty/shingles';
import { getDataset } from '../src/core/datasets/registry';
import { evaluateNet } from '../src/trainer/sandbox/evaluateNet';
import { executionCheck } from '../src/trainer/run/executionCheck';
import { cpuRung, wasmRung } from '../src/trainer/backends/cpuRungs';

const root = join(__dirname, '..');
const nets = [
  'examples/nets/referenceCnn.net.ts',
  'test/fixtures/mutate/vggSequential.net.ts',
  'test/fixtures/mutate/resNetFunctional.net.ts',
  'test/fixtures/mutate/mobileNetFunctional.net.ts',
  'test/fixtures/mutate/mlp.net.ts',
];
const nearDuplicate = 0.9;
const countArg = process.argv.indexOf('--count');
const count = countArg > 0 ? Number(process.argv[countArg + 1]) : 200;
const info = getDataset('fashion-mnist');
const batchSize = 8;

interface Row {
  net: string;
  variants: number;
  generatorErrors: number;
  staticPass: number;
  bothPass: number;
  novel: number;
  similaritySum: number;
  candidateMs: number[];
  failures: Map<string, number>;
}

function shingles(code: string): Uint32Array {
  return shingleHashes(normalizedTokens(code));
}

async function runs(code: string, fileName: string): Promise<string | undefined> {
  try {
    const js = transformSync(code, { loader: 'ts', format: 'cjs', target: 'es2022' }).code;
    await executionCheck(evaluateNet(js, fileName), info, batchSize, {}, tf.getBackend(), fileName, { cancelled: false });
    return undefined;
  } catch (e) {
    return (e as Error).message.split('\n')[0].slice(0, 160);
  } finally {
    tf.disposeVariables();
  }
}

function count1(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

async function benchNet(relative: string, snippets: { id: string; family: string; code: string }[]): Promise<Row> {
  const parent = readFileSync(join(root, relative), 'utf8');
  const fileName = relative.split('/').pop() as string;
  const parentShingles = shingles(parent);
  const row: Row = { net: fileName, variants: count, generatorErrors: 0, staticPass: 0, bothPass: 0, novel: 0, similaritySum: 0, candidateMs: [], failures: new Map() };
  for (let seed = 0; seed < count; seed++) {
    const started = performance.now();
    const result = mutateNet(parent, fileName, { seed, snippets });
    const staticOk = !('error' in result) && !checkNet(result.source, fileName).findings.some((f) => f.severity === 'error');
    row.candidateMs.push(performance.now() - started);
    if ('error' in result) {
      row.generatorErrors++;
      count1(row.failures, `generator: ${result.error.slice(0, 120)}`);
      continue;
    }
    if (staticOk) row.staticPass++;
    const similarity = exactJaccard(parentShingles, shingles(result.source));
    row.similaritySum += similarity;
    if (similarity < nearDuplicate) row.novel++;
    const failure = staticOk ? await runs(result.source, fileName) : 'static check failed';
    if (failure === undefined) row.bothPass++;
    else count1(row.failures, `${failure} [${result.mutations.join('; ').slice(0, 140)}]`);
  }
  return row;
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  if (!Number.isInteger(count) || count < 1) throw new Error(`--count must be a positive integer, got ${process.argv[countArg + 1]}`);
  // The trainer's own rungs: WebAssembly with its training kernels, else the plain-JS cpu backend.
  const wasm = await wasmRung().tryInit();
  if (!wasm.ok) await cpuRung().tryInit();
  const snippets = loadSnippetLibrary(join(root, 'snippets'));
  console.log(`bench:mutate — ${count} variants of each of ${nets.length} Nets; ${snippets.length} snippets; execution check in-process (trainer's executionCheck, TF.js ${tf.getBackend()} backend, ${info.id} shape, batch ${batchSize})`);
  const rows: Row[] = [];
  for (const net of nets) rows.push(await benchNet(net, snippets));
  const header = ['net', 'variants', 'gen errors', 'static ok', 'static+exec ok', 'not near-dup', 'mean Jaccard', 'ms/cand mean', 'ms/cand p95'];
  const lines = rows.map((r) => [
    r.net, String(r.variants), String(r.generatorErrors), percent(r.staticPass, r.variants), percent(r.bothPass, r.variants), percent(r.novel, r.variants),
    (r.similaritySum / Math.max(1, r.variants - r.generatorErrors)).toFixed(3),
    (r.candidateMs.reduce((a, b) => a + b, 0) / r.candidateMs.length).toFixed(1), quantile(r.candidateMs, 0.95).toFixed(1),
  ]);
  const total = rows.reduce((a, r) => ({ v: a.v + r.variants, both: a.both + r.bothPass, novel: a.novel + r.novel, st: a.st + r.staticPass }), { v: 0, both: 0, novel: 0, st: 0 });
  const allMs = rows.flatMap((r) => r.candidateMs);
  lines.push(['all', String(total.v), String(rows.reduce((a, r) => a + r.generatorErrors, 0)), percent(total.st, total.v), percent(total.both, total.v), percent(total.novel, total.v), '', (allMs.reduce((a, b) => a + b, 0) / allMs.length).toFixed(1), quantile(allMs, 0.95).toFixed(1)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(format(header));
  for (const l of lines) console.log(format(l));
  const failures = new Map<string, number>();
  for (const r of rows) for (const [k, n] of r.failures) failures.set(`${r.net}: ${k}`, n);
  for (const [k, n] of [...failures].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  failure ×${n}: ${k}`);
  const bothShare = total.both / total.v;
  const novelShare = total.novel / total.v;
  console.log(`${bothShare >= 0.95 ? 'PASS' : 'FAIL'} target ≥ 95% pass static + execution check: ${percent(total.both, total.v)}`);
  console.log(`${novelShare >= 0.9 ? 'PASS' : 'FAIL'} target ≥ 90% not near-duplicates of their parent (Jaccard < ${nearDuplicate}): ${percent(total.novel, total.v)}`);
  console.log(`per-candidate time outside training (mutation + static check, retries included): mean ${(allMs.reduce((a, b) => a + b, 0) / allMs.length).toFixed(1)} ms, p95 ${quantile(allMs, 0.95).toFixed(1)} ms`);
  if (bothShare < 0.95 || novelShare < 0.9) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(`bench:mutate failed: ${(e as Error).stack ?? String(e)}`);
  process.exitCode = 1;
});
