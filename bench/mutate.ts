/**
 * `npm run bench:mutate [-- --count N --jobs J]`: the offline generator over 5 reference Nets in
 * different styles, N seeded variants each (default 200), one worker process per Net (J at a
 * time; default min(5, cores)). For every variant: the Net-API static check; the trainer's
 * execution check (executionCheck: build with Fashion-MNIST's shape, dummy forward, trainSetup,
 * learn on 2 batches), run in the worker on the trainer's wasm rung, and again on cpu only when
 * wasm lacks a kernel; and the exact Jaccard similarity to the parent on the novelty module's
 * shingles (near-duplicate at ≥ 0.90). The per-candidate time covers mutateNet (mutations, its
 * checks and retries) plus one more static check, not the execution check.
 * Targets (issue 5): ≥ 95% pass both checks, ≥ 90% not near-duplicates of their parent. */
import * as tf from '@tensorflow/tfjs';
import { transformSync } from 'esbuild';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
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
function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}
const count = Number(argument('--count') ?? 200);
/** Nets are benched in parallel child processes (`--net` runs one and prints its row as JSON). */
const jobs = Number(argument('--jobs') ?? Math.min(nets.length, availableParallelism()));
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
  checkSeconds: number;
  failures: [string, number][];
}

function shingles(code: string): Uint32Array {
  return shingleHashes(normalizedTokens(code));
}

/** Backends that lacked a kernel some variant needed, and how often the check moved to cpu for that. */
const fallbacks = new Map<string, number>();

async function checkOn(backend: string, js: string, fileName: string): Promise<string | undefined> {
  if (tf.getBackend() !== backend) await tf.setBackend(backend);
  try {
    await executionCheck(evaluateNet(js, fileName), info, batchSize, {}, backend, fileName, { cancelled: false });
    return undefined;
  } catch (e) {
    return (e as Error).message.split('\n')[0].slice(0, 160);
  } finally {
    tf.disposeVariables();
  }
}

/**
 * The execution check; undefined when it passes. A kernel the wasm backend lacks (e.g. depthwise
 * backprop) is the backend's gap, not the Net's, so such a variant is checked again on cpu.
 */
async function runs(code: string, fileName: string): Promise<string | undefined> {
  const js = transformSync(code, { loader: 'ts', format: 'cjs', target: 'es2022' }).code;
  const backend = tf.getBackend();
  const failure = await checkOn(backend, js, fileName);
  const missing = failure && /Kernel '(\w+)' not registered/.exec(failure);
  if (!missing || backend === 'cpu') return failure;
  count1(fallbacks, missing[1]);
  try {
    return await checkOn('cpu', js, fileName);
  } finally {
    await tf.setBackend(backend);
  }
}

function count1(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

async function benchNet(relative: string, snippets: { id: string; family: string; code: string }[]): Promise<Row> {
  const parent = readFileSync(join(root, relative), 'utf8');
  const fileName = relative.split('/').pop() as string;
  const parentShingles = shingles(parent);
  const row: Row = {
    net: fileName,
    variants: count,
    generatorErrors: 0,
    staticPass: 0,
    bothPass: 0,
    novel: 0,
    similaritySum: 0,
    candidateMs: [],
    checkSeconds: 0,
    failures: [],
  };
  const failures = new Map<string, number>();
  for (let randomSeed = 0; randomSeed < count; randomSeed++) {
    const started = performance.now();
    const result = mutateNet(parent, fileName, { randomSeed, snippets });
    const staticOk =
      !('error' in result) && !checkNet(result.source, fileName).findings.some((f) => f.severity === 'error');
    row.candidateMs.push(performance.now() - started);
    if ('error' in result) {
      row.generatorErrors++;
      count1(failures, `generator: ${result.error.slice(0, 120)}`);
      continue;
    }
    if (staticOk) row.staticPass++;
    const similarity = exactJaccard(parentShingles, shingles(result.source));
    row.similaritySum += similarity;
    if (similarity < nearDuplicate) row.novel++;
    const checkStarted = performance.now();
    const failure = staticOk ? await runs(result.source, fileName) : 'static check failed';
    row.checkSeconds += (performance.now() - checkStarted) / 1000;
    if (failure === undefined) row.bothPass++;
    else count1(failures, `${failure} [${result.mutations.join('; ').slice(0, 140)}]`);
  }
  for (const [kernel, n] of fallbacks)
    count1(failures, `(not a failure) ${n} variant(s) re-checked on cpu: wasm has no ${kernel} kernel`);
  row.failures = [...failures];
  return row;
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** Worker mode: bench one Net and print its row as the last line of stdout. */
async function benchOne(net: string): Promise<void> {
  // The trainer's own rungs: WebAssembly with its training kernels, else the plain-JS cpu backend.
  const wasm = await wasmRung().tryInit();
  if (!wasm.ok) await cpuRung().tryInit();
  const row = await benchNet(net, loadSnippetLibrary(join(root, 'snippets')));
  console.log(JSON.stringify({ ...row, backend: tf.getBackend() }));
}

/** Runs one worker per Net, `jobs` at a time. */
async function benchAll(): Promise<(Row & { backend: string })[]> {
  const rows: (Row & { backend: string })[] = [];
  const queue = [...nets];
  const worker = async (): Promise<void> => {
    for (let net = queue.shift(); net; net = queue.shift()) {
      const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--net', net, '--count', String(count)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{'))
        throw new Error(`the worker for ${net} failed (exit ${code}): ${out.slice(-500)}`);
      rows.push(JSON.parse(last));
      process.stderr.write(`  done: ${net}\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  return nets.map((n) => rows.find((r) => n.endsWith(r.net)) as Row & { backend: string });
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

function printTable(rows: Row[]): void {
  const header = [
    'net',
    'variants',
    'gen errors',
    'static ok',
    'static+exec ok',
    'not near-dup',
    'mean Jaccard',
    'ms/cand mean',
    'ms/cand p95',
    'exec check s',
  ];
  const cells = (r: Row, similarity: string): string[] => [
    r.net,
    String(r.variants),
    String(r.generatorErrors),
    percent(r.staticPass, r.variants),
    percent(r.bothPass, r.variants),
    percent(r.novel, r.variants),
    similarity,
    mean(r.candidateMs).toFixed(1),
    quantile(r.candidateMs, 0.95).toFixed(1),
    r.checkSeconds.toFixed(0),
  ];
  const lines = rows.map((r) => cells(r, (r.similaritySum / Math.max(1, r.variants - r.generatorErrors)).toFixed(3)));
  const sum = (f: (r: Row) => number): number => rows.reduce((a, r) => a + f(r), 0);
  const all: Row = {
    net: 'all',
    variants: sum((r) => r.variants),
    generatorErrors: sum((r) => r.generatorErrors),
    staticPass: sum((r) => r.staticPass),
    bothPass: sum((r) => r.bothPass),
    novel: sum((r) => r.novel),
    similaritySum: sum((r) => r.similaritySum),
    candidateMs: rows.flatMap((r) => r.candidateMs),
    checkSeconds: sum((r) => r.checkSeconds),
    failures: [],
  };
  lines.push(cells(all, (all.similaritySum / Math.max(1, all.variants - all.generatorErrors)).toFixed(3)));
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (row: string[]): string =>
    row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(format(header));
  for (const l of lines) console.log(format(l));
  const failures = rows
    .flatMap((r) => r.failures.map(([k, n]) => [`${r.net}: ${k}`, n] as const))
    .sort((a, b) => b[1] - a[1]);
  for (const [k, n] of failures.slice(0, 10)) console.log(`  ×${n}: ${k}`);
  const bothShare = all.bothPass / all.variants;
  const novelShare = all.novel / all.variants;
  console.log(
    `${bothShare >= 0.95 ? 'PASS' : 'FAIL'} target ≥ 95% pass static + execution check: ${percent(all.bothPass, all.variants)}`,
  );
  console.log(
    `${novelShare >= 0.9 ? 'PASS' : 'FAIL'} target ≥ 90% not near-duplicates of their parent (Jaccard < ${nearDuplicate}): ${percent(all.novel, all.variants)}`,
  );
  console.log(
    `per-candidate time outside training (mutation + static check, retries included): mean ${mean(all.candidateMs).toFixed(1)} ms, p95 ${quantile(all.candidateMs, 0.95).toFixed(1)} ms`,
  );
  if (bothShare < 0.95 || novelShare < 0.9) process.exitCode = 1;
}

async function main(): Promise<void> {
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`--count must be a positive integer, got ${argument('--count')}`);
  const net = argument('--net');
  if (net) return benchOne(net);
  const snippets = loadSnippetLibrary(join(root, 'snippets'));
  console.log(
    `bench:mutate — ${count} variants of each of ${nets.length} Nets, ${snippets.length} snippets, ${jobs} worker(s); execution check in-process (the trainer's executionCheck on its wasm rung, cpu where wasm lacks a kernel; ${info.id} shape, batch ${batchSize})`,
  );
  const rows = await benchAll();
  console.log(`backend: ${[...new Set(rows.map((r) => r.backend))].join(', ')}`);
  printTable(rows);
}

main().catch((e: unknown) => {
  console.error(`bench:mutate failed: ${(e as Error).stack ?? String(e)}`);
  process.exitCode = 1;
});
