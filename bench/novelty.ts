/**
 * `npm run bench:novelty [-- --count N]`: near-duplicate detection at corpus scale. Builds a
 * synthetic corpus of N Nets (default 100,000; layer lines composed with random options and
 * values), indexes their MinHash signatures with LSH, then times 1,000 fresh candidates (half
 * edits of corpus Nets, half new): signature per candidate and LSH query (median, p95), and the
 * memory the index takes. Accuracy: mean absolute error of the MinHash estimate against exact
 * Jaccard on 1,000 pairs spread from unrelated to near-identical.
 * Targets (issue 3): signature + query < 5 ms per candidate at 100k; error < 0.05.
 */
import { estimateSimilarity } from '../src/core/novelty/minHash';
import { normalizedTokens } from '../src/core/novelty/netTokenizer';
import { NoveltyChecker } from '../src/core/novelty/noveltyChecker';
import { exactJaccard, shingleHashes } from '../src/core/novelty/shingles';

function argCount(): number {
  const at = process.argv.indexOf('--count');
  const n = at < 0 ? 100_000 : Number(process.argv[at + 1]);
  if (!Number.isInteger(n) || n < 100)
    throw new Error(`--count needs an integer ≥ 100, got '${process.argv[at + 1] ?? ''}'`);
  return n;
}

/** Mulberry32: a small seeded generator so every run benchmarks the same corpus. */
function rng(rngSeed: number): () => number {
  let s = rngSeed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = rng(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
const maybe = (p: number, text: string): string => (random() < p ? text : '');
const activations = ['relu', 'elu', 'selu', 'tanh', 'sigmoid', 'swish', 'relu6'];

/** One random layer line; option presence varies so lines differ after normalisation too. */
function layerLine(): string {
  const act = (): string => maybe(0.6, `, activation: '${pick(activations)}'`);
  const lines: (() => string)[] = [
    () =>
      `tf.layers.conv2d({ filters: ${8 * int(1, 16)}, kernelSize: ${pick([1, 3, 5, 7])}${maybe(0.4, `, strides: ${int(1, 2)}`)}${maybe(0.5, ", padding: 'same'")}${act()}${maybe(0.2, ', useBias: false')} })`,
    () =>
      `tf.layers.depthwiseConv2d({ kernelSize: ${pick([3, 5])}${maybe(0.5, `, depthMultiplier: ${int(1, 2)}`)}${maybe(0.5, ", padding: 'same'")}${act()} })`,
    () =>
      `tf.layers.separableConv2d({ filters: ${8 * int(1, 16)}, kernelSize: ${pick([3, 5])}${maybe(0.5, ", padding: 'same'")}${act()} })`,
    () => `tf.layers.maxPooling2d({ poolSize: ${int(2, 3)}${maybe(0.4, `, strides: ${int(1, 2)}`)} })`,
    () => `tf.layers.averagePooling2d({ poolSize: ${int(2, 3)}${maybe(0.4, ", padding: 'same'")} })`,
    () => `tf.layers.batchNormalization(${maybe(0.3, `{ momentum: 0.${int(90, 99)} }`)})`,
    () => `tf.layers.dropout({ rate: ${random() < 0.5 ? 'prm.dropout' : `0.${int(1, 5)}`} })`,
    () => `tf.layers.activation({ activation: '${pick(activations)}' })`,
    () => `tf.layers.dense({ units: ${16 * int(1, 32)}${act()} })`,
    () => `tf.layers.leakyReLU(${maybe(0.5, `{ alpha: 0.${int(1, 3)} }`)})`,
    () => `tf.layers.zeroPadding2d({ padding: ${int(1, 2)} })`,
    () => 'tf.layers.layerNormalization()',
  ];
  return pick(lines)();
}

const optimizers = [
  'tf.train.momentum(prm.lr, prm.momentum)',
  'tf.train.sgd(prm.lr)',
  'tf.train.adam(prm.lr)',
  'tf.train.rmsprop(prm.lr, 0.9, prm.momentum)',
  'tf.train.adamax(prm.lr)',
];
const keyLists = [
  "'lr'",
  "'lr', 'momentum'",
  "'lr', 'momentum', 'dropout'",
  "'lr', 'dropout'",
  "'lr', 'momentum', 'weight_decay'",
];
const forwards = [
  'return this.model.apply(x, { training }) as tf.Tensor2D;',
  'return tf.tidy(() => this.model.apply(x, { training }) as tf.Tensor2D);',
  'const logits = this.model.apply(x.toFloat(), { training });\n    return logits as tf.Tensor2D;',
];
const learns = [
  'for await (const { x, y } of trainData) this.optimizer.minimize(() => this.criteria(y, this.forward(x, true)));',
  'for await (const batch of trainData) {\n      const loss = this.optimizer.minimize(() => this.criteria(batch.y, this.forward(batch.x, true)), true);\n      loss?.dispose();\n    }',
  'const it = trainData[Symbol.asyncIterator]();\n    for (let r = await it.next(); !r.done; r = await it.next()) {\n      tf.tidy(() => this.optimizer.minimize(() => this.criteria(r.value.y, this.forward(r.value.x, true))));\n    }',
];
const criteria = [
  'tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar',
  'tf.metrics.categoricalCrossentropy(labels, tf.softmax(logits)).mean() as tf.Scalar',
  'tf.losses.softmaxCrossEntropy(labels, logits, undefined, 0.1) as tf.Scalar',
];

/** A whole Net around a list of layer lines, with one of several boilerplate styles. */
function netText(spec: Spec): string {
  const body = spec.layers.map((l) => `        ${l},`).join('\n');
  const [keys, forward, learn, criterion] = spec.style;
  return `import * as tf from '@tensorflow/tfjs';

export function supportedHyperparameters(): string[] {
  return [${keyLists[keys]}];
}

export class Net {
  optimizer!: tf.Optimizer;
  criteria!: (labels: tf.Tensor, logits: tf.Tensor) => tf.Scalar;
  private readonly model: tf.Sequential;

  constructor(inShape: number[], outShape: number[], prm: Record<string, number>, device: string) {
    const [, height, width, channels] = inShape;
    this.model = tf.sequential({
      layers: [
        tf.layers.inputLayer({ inputShape: [height, width, channels] }),
${body}
        ${spec.head},
        tf.layers.dense({ units: outShape[0] }),
      ],
    });
  }

  forward(x: tf.Tensor4D, training = false): tf.Tensor2D {
    ${forwards[forward]}
  }

  trainSetup(prm: Record<string, number>): void {
    this.optimizer = ${spec.optimizer};
    this.criteria = (labels, logits) => ${criteria[criterion]};
  }

  async learn(trainData: AsyncIterable<{ x: tf.Tensor4D; y: tf.Tensor2D }>): Promise<void> {
    ${learns[learn]}
  }
}
`;
}

interface Spec {
  layers: string[];
  optimizer: string;
  head: string;
  /** Indexes into keyLists, forwards, learns, criteria. */
  style: [number, number, number, number];
}

const randomSpec = (): Spec => ({
  layers: Array.from({ length: int(6, 20) }, layerLine),
  optimizer: pick(optimizers),
  style: [
    int(0, keyLists.length - 1),
    int(0, forwards.length - 1),
    int(0, learns.length - 1),
    int(0, criteria.length - 1),
  ],
  head: pick(['tf.layers.flatten()', 'tf.layers.globalAveragePooling2d({})', 'tf.layers.globalMaxPooling2d({})']),
});

/** `edits` random replace / insert / delete steps on a copy of `spec`. */
function edited(spec: Spec, edits: number): Spec {
  const layers = [...spec.layers];
  for (let i = 0; i < edits; i++) {
    const op = random();
    const at = Math.floor(random() * layers.length);
    if (op < 0.4 || layers.length < 2) layers.splice(at, 0, layerLine());
    else if (op < 0.7) layers[at] = layerLine();
    else layers.splice(at, 1);
  }
  return { ...spec, layers };
}

const text = (spec: Spec): string => netText(spec);

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function main(): void {
  const count = argCount();
  const checker = new NoveltyChecker();
  console.log(
    `bench:novelty — ${count.toLocaleString('en')} synthetic Nets; MinHash ${checker.hasher.config.numPerm} permutations, ` +
      `${checker.shingleSize}-token shingles, LSH ${checker.banding.bands} bands × ${checker.banding.rows} rows (S-curve threshold ${checker.banding.threshold.toFixed(3)})`,
  );
  const before = process.memoryUsage();
  const specs: Spec[] = [];
  let signing = 0;
  const built = performance.now();
  for (let i = 0; i < count; i++) {
    const spec = randomSpec();
    if (i < 2_000) specs.push(spec);
    const code = text(spec);
    const t0 = performance.now();
    const signature = checker.signatureOf(code);
    signing += performance.now() - t0;
    checker.addToCorpus(`n${i}`, signature);
  }
  const after = process.memoryUsage();
  console.log(
    `corpus built in ${((performance.now() - built) / 1000).toFixed(1)} s; mean signature while building ${(signing / count).toFixed(3)} ms`,
  );
  console.log(
    `memory: heap used ${mb(after.heapUsed)} (+${mb(after.heapUsed - before.heapUsed)}), array buffers ${mb(after.arrayBuffers)}, RSS ${mb(after.rss)}`,
  );

  // 1,000 fresh candidates: half edits (0–3 steps) of corpus Nets, half new.
  const signTimes: number[] = [];
  const queryTimes: number[] = [];
  const candidateCounts: number[] = [];
  let flagged = 0;
  let trueNear = 0;
  let caught = 0;
  for (let i = 0; i < 1_000; i++) {
    const source = i % 2 === 0 ? specs[i] : undefined;
    const candidate = source ? edited(source, int(0, 3)) : randomSpec();
    const code = text(candidate);
    const t0 = performance.now();
    const signature = checker.signatureOf(code);
    const t1 = performance.now();
    const verdict = checker.check(signature);
    queryTimes.push(performance.now() - t1);
    candidateCounts.push(verdict.candidates);
    signTimes.push(t1 - t0);
    if (verdict.nearDuplicate) flagged++;
    if (source) {
      const exact = exactJaccard(shingleHashes(normalizedTokens(text(source))), shingleHashes(normalizedTokens(code)));
      if (exact >= checker.nearDuplicateThreshold) {
        trueNear++;
        if (verdict.nearDuplicate) caught++;
      }
    }
  }
  signTimes.sort((a, b) => a - b);
  queryTimes.sort((a, b) => a - b);
  console.log(
    `signature per candidate: mean ${mean(signTimes).toFixed(3)} ms, median ${quantile(signTimes, 0.5).toFixed(3)} ms, p95 ${quantile(signTimes, 0.95).toFixed(3)} ms`,
  );
  candidateCounts.sort((a, b) => a - b);
  console.log(
    `LSH query at ${checker.corpusSize.toLocaleString('en')}: median ${quantile(queryTimes, 0.5).toFixed(3)} ms, p95 ${quantile(queryTimes, 0.95).toFixed(3)} ms; ` +
      `candidates compared: mean ${mean(candidateCounts).toFixed(1)}, median ${quantile(candidateCounts, 0.5)}, p95 ${quantile(candidateCounts, 0.95)}`,
  );
  const perCandidate = mean(signTimes) + mean(queryTimes);
  console.log(
    `signature + query per candidate: ${perCandidate.toFixed(3)} ms (target < 5 ms) ${perCandidate < 5 ? 'OK' : 'MISSED'}`,
  );
  console.log(
    `near-duplicates: ${flagged} of 1,000 candidates flagged; ${caught} of ${trueNear} with exact Jaccard ≥ ${checker.nearDuplicateThreshold} caught`,
  );

  // Estimate error on 1,000 pairs spanning the range: whole Nets 0–12 edit steps apart (their
  // shared boilerplate keeps Jaccard above ~0.4), and bare layer blocks 0–40 steps apart (down to ~0).
  const bins = [0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.01];
  const binErr = bins.slice(1).map(() => ({ n: 0, sum: 0 }));
  let totalErr = 0;
  for (let i = 0; i < 1_000; i++) {
    const whole = i % 2 === 0;
    const a = whole ? randomSpec() : { ...randomSpec(), layers: Array.from({ length: int(10, 30) }, layerLine) };
    const b = edited(a, whole ? int(0, 12) : int(0, 40));
    const render = (s: Spec): string => (whole ? text(s) : s.layers.join(',\n'));
    const sa = shingleHashes(normalizedTokens(render(a)));
    const sb = shingleHashes(normalizedTokens(render(b)));
    const exact = exactJaccard(sa, sb);
    const err = Math.abs(estimateSimilarity(checker.hasher.signature(sa), checker.hasher.signature(sb)) - exact);
    totalErr += err;
    const bin = bins.findIndex((edge, k) => exact >= edge && exact < bins[k + 1]);
    binErr[bin].n++;
    binErr[bin].sum += err;
  }
  const mae = totalErr / 1_000;
  console.log(
    `MinHash vs exact Jaccard on 1,000 pairs: mean absolute error ${mae.toFixed(4)} (target < 0.05) ${mae < 0.05 ? 'OK' : 'MISSED'}`,
  );
  console.log(
    `  by exact Jaccard: ${binErr.map((b, k) => `[${bins[k]}, ${Math.min(1, bins[k + 1])}): n=${b.n} mae=${b.n ? (b.sum / b.n).toFixed(4) : '-'}`).join('; ')}`,
  );
}

main();
