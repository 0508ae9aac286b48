// Benchmarks the Net-API checker on a realistic ~300-line Net (what an LLM-generated variant looks
// like: helper blocks, a dozen stage methods, the Net API methods). Prints exactly one line:
//   check-300-lines median=X.XX p95=Y.YY ms
// Target: median < 15 ms (the editor re-checks on every debounced keystroke).
import { performance } from 'node:perf_hooks';
import { checkNet } from '../src/core/netApi/checkNet';

const stages = 20;

/** One stage method: a conv-BN-ReLU pair with an optional residual and squeeze-excitation gate. */
function stage(i: number): string[] {
  const filters = 16 * (1 + (i % 4));
  return [
    `  /** Stage ${i}: ${filters} filters${i % 3 === 0 ? ', downsampling' : ''}. */`,
    `  private stage${i}(x: Sym, prm: Record<string, number>): Sym {`,
    `    let y = convBn(x, ${filters}, ${i % 3 === 0 ? 2 : 1});`,
    `    y = tf.layers.conv2d({ filters: ${filters}, kernelSize: 3, padding: 'same', useBias: false }).apply(y) as Sym;`,
    '    y = tf.layers.batchNormalization().apply(y) as Sym;',
    `    if (prm.gate > 0.5) y = seGate(y, ${filters});`,
    i % 3 === 0
      ? '    // A downsampling stage has no identity shortcut.'
      : `    if (x.shape[3] === ${filters}) y = tf.layers.add().apply([x, y]) as Sym;`,
    "    y = tf.layers.activation({ activation: 'relu' }).apply(y) as Sym;",
    '    return tf.layers.dropout({ rate: prm.dropout / 2 }).apply(y) as Sym;',
    '  }',
    '',
  ];
}

/** A syntactically and API-clean Net of about 300 lines. */
function generatedNet(): string {
  const lines = [
    '// A generated Net: residual stages with optional squeeze-excitation gates.',
    "import * as tf from '@tensorflow/tfjs';",
    '',
    'type Sym = tf.SymbolicTensor;',
    '',
    '/** The hyperparameters this Net reads from prm; every value lies in [0, 1]. */',
    'export function supportedHyperparameters(): string[] {',
    "  return ['lr', 'momentum', 'dropout', 'gate'];",
    '}',
    '',
    'function convBn(x: Sym, filters: number, strides: number): Sym {',
    "  const y = tf.layers.conv2d({ filters, kernelSize: 3, strides, padding: 'same', useBias: false }).apply(x) as Sym;",
    '  const z = tf.layers.batchNormalization().apply(y) as Sym;',
    "  return tf.layers.activation({ activation: 'relu' }).apply(z) as Sym;",
    '}',
    '',
    'function seGate(x: Sym, channels: number): Sym {',
    '  let s = tf.layers.globalAveragePooling2d({}).apply(x) as Sym;',
    "  s = tf.layers.dense({ units: Math.max(4, channels / 4), activation: 'relu' }).apply(s) as Sym;",
    "  s = tf.layers.dense({ units: channels, activation: 'sigmoid' }).apply(s) as Sym;",
    '  s = tf.layers.reshape({ targetShape: [1, 1, channels] }).apply(s) as Sym;',
    '  const tiled = tf.layers.upSampling2d({ size: [x.shape[1] as number, x.shape[2] as number] }).apply(s) as Sym;',
    '  return tf.layers.multiply().apply([x, tiled]) as Sym;',
    '}',
    '',
    'export class Net {',
    '  optimizer!: tf.Optimizer;',
    '  criteria!: (labels: tf.Tensor, logits: tf.Tensor) => tf.Scalar;',
    '  private readonly model: tf.LayersModel;',
    '',
    '  constructor(inShape: number[], outShape: number[], prm: Record<string, number>, device: string) {',
    '    void device;',
    '    const input = tf.input({ shape: inShape.slice(1) });',
    '    let x = convBn(input, 16, 1);',
    ...Array.from({ length: stages }, (_, i) => `    x = this.stage${i}(x, prm);`),
    '    x = tf.layers.globalAveragePooling2d({}).apply(x) as Sym;',
    '    const logits = tf.layers.dense({ units: outShape[0] }).apply(x) as Sym;',
    '    this.model = tf.model({ inputs: input, outputs: logits });',
    '  }',
    '',
    ...Array.from({ length: stages }, (_, i) => stage(i)).flat(),
    '  /** Logits for a batch. */',
    '  forward(x: tf.Tensor4D, training = false): tf.Tensor2D {',
    '    return this.model.apply(x, { training }) as tf.Tensor2D;',
    '  }',
    '',
    '  /** SGD with momentum and softmax cross-entropy. */',
    '  trainSetup(prm: Record<string, number>): void {',
    '    this.optimizer = tf.train.momentum(prm.lr, prm.momentum);',
    '    this.criteria = (labels, logits) => tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;',
    '  }',
    '',
    '  /** One epoch over the batches the trainer hands in. */',
    '  async learn(trainData: AsyncIterable<{ x: tf.Tensor4D; y: tf.Tensor2D }>): Promise<void> {',
    '    for await (const { x, y } of trainData) {',
    '      const loss = this.optimizer.minimize(() => this.criteria(y, this.forward(x, true)), true);',
    '      loss?.dispose();',
    '    }',
    '  }',
    '}',
  ];
  return lines.join('\n') + '\n';
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function main(): void {
  const source = generatedNet();
  const lineCount = source.split('\n').length - 1;
  if (lineCount < 280 || lineCount > 330) throw new Error(`the generated Net has ${lineCount} lines, not about 300`);
  const first = checkNet(source, 'generated.net.ts');
  if (first.findings.length > 0)
    throw new Error(`the generated Net is not clean: ${first.findings.map((f) => f.code).join(', ')}`);
  for (let i = 0; i < 50; i++) checkNet(source, 'generated.net.ts');
  const times: number[] = [];
  for (let i = 0; i < 300; i++) {
    const start = performance.now();
    checkNet(source, 'generated.net.ts');
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(
    `check-300-lines median=${percentile(times, 0.5).toFixed(2)} p95=${percentile(times, 0.95).toFixed(2)} ms\n`,
  );
}

main();
