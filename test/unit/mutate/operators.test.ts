import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkNet } from '../../../src/core/netApi/checkNet';
import { parseNetFile } from '../../../src/core/netApi/netFile';
import { seededRandom } from '../../../src/core/retrieve/seededRandom';
import type { Mutation, MutationContext, Operator } from '../../../src/core/mutate/operator';
import type { InlineBlock } from '../../../src/core/mutate/snippetBlock';
import { prepareBlock } from '../../../src/core/mutate/snippetBlock';
import {
  activationOperator,
  dropoutRateOperator,
  kernelOperator,
  widthOperator,
} from '../../../src/core/mutate/ops/settingOps';
import {
  duplicateLayerOperator,
  insertLayerOperator,
  removeLayerOperator,
} from '../../../src/core/mutate/ops/stackOps';
import {
  duplicateSiteOperator,
  insertAfterSiteOperator,
  insertBlockOperator,
  removeSiteOperator,
  residualOperator,
} from '../../../src/core/mutate/ops/functionalOps';

const root = join(__dirname, '..', '..', '..');
const reference = readFileSync(join(root, 'examples/nets/referenceCnn.net.ts'), 'utf8');
const fixture = (name: string): string => readFileSync(join(root, 'test/fixtures/mutate', name), 'utf8');
const seCode = [
  "import * as tf from '@tensorflow/tfjs';",
  '/** SE; the shape is unchanged. */',
  'export function seBlock(x: tf.SymbolicTensor, ratio = 4): tf.SymbolicTensor {',
  '  const channels = x.shape[x.shape.length - 1] as number;',
  '  const pooled = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;',
  "  const gate = tf.layers.dense({ units: channels, activation: 'sigmoid' }).apply(pooled) as tf.SymbolicTensor;",
  '  void ratio;',
  '  return tf.layers.multiply().apply([x, tf.layers.reshape({ targetShape: [1, 1, channels] }).apply(gate) as tf.SymbolicTensor]) as tf.SymbolicTensor;',
  '}',
].join('\n');
const seBlock = prepareBlock({ id: 'se', family: 'senet', code: seCode }) as InlineBlock;

/** Runs `op` with several seeds until it proposes something; the mutation must pass the static check. */
function run(op: Operator, source: string, fileName = 'net.net.ts', blocks: InlineBlock[] = []): Mutation {
  for (let seed = 1; seed < 50; seed++) {
    const context: MutationContext = { random: seededRandom(seed), blocks };
    const m = op.propose(parseNetFile(source, fileName), context);
    if (!m) continue;
    const errors = checkNet(m.source, fileName).findings.filter((f) => f.severity === 'error');
    assert.deepEqual(
      errors.map((f) => `${f.code}: ${f.message}`),
      [],
      m.source,
    );
    return m;
  }
  return assert.fail(`${op.name} proposed nothing`);
}

const count = (text: string, pattern: RegExp): number => (text.match(pattern) ?? []).length;

describe('mutation operators', () => {
  it('width changes one layer of a Net without merges', () => {
    const m = run(widthOperator, reference);
    assert.match(m.description, /^(conv2d#\d filters|dense#1 units) \d+→\d+$/);
    assert.equal(count(m.source, /tf\.layers\./g), count(reference, /tf\.layers\./g));
    assert.match(m.source, /units: outShape\[0\]/);
  });

  it('width scales every width, block arguments included, when a Net has residual adds', () => {
    const m = run(widthOperator, fixture('resNetFunctional.net.ts'));
    const factor = Number(/×([\d.]+)/.exec(m.description)?.[1]);
    assert.ok(factor > 0, m.description);
    const expected = (v: number): string => String(Math.max(4, Math.round((v * factor) / 4) * 4));
    assert.ok(
      m.source.includes(`residualBlock(x, ${expected(16)}, 1)`) &&
        m.source.includes(`residualBlock(x, ${expected(32)}, 2)`),
      m.source,
    );
  });

  it('kernel, activation and dropout rate change one literal each', () => {
    assert.match(run(kernelOperator, reference).description, /kernelSize 3→(5|1)$/);
    const act = run(activationOperator, reference);
    assert.match(act.description, /activation relu→(relu6|elu|selu|swish|tanh|mish|gelu)$/);
    const drop = run(
      dropoutRateOperator,
      fixture('mlp.net.ts').replace('rate: prm.dropout', 'rate: 0.25').replace("['lr', 'dropout']", "['lr']"),
    );
    assert.match(drop.description, /dropout#1 rate 0.25→0\.[1-5]$/);
  });

  it('inserts, removes and copies layers of a sequential stack in its own style', () => {
    const layers = (s: string): number => count(s, /tf\.layers\./g);
    assert.equal(layers(run(insertLayerOperator, reference).source), layers(reference) + 1);
    assert.equal(layers(run(removeLayerOperator, reference).source), layers(reference) - 1);
    const vgg = fixture('vggSequential.net.ts');
    const inserted = run(insertLayerOperator, vgg).source;
    assert.equal(count(inserted, /model\.add\(/g), count(vgg, /model\.add\(/g) + 1);
    const copied = run(duplicateLayerOperator, reference);
    assert.match(copied.description, /^duplicated /);
    assert.equal(count(copied.source, /inputShape/g), 1);
  });

  it('rewrites a sequential Net as a functional one to add a residual connection', () => {
    const m = run(residualOperator, reference);
    assert.match(
      m.description,
      /^rewrote tf\.sequential as a functional model; residual connection around (conv2d|dense)#\d$/,
    );
    assert.match(m.source, /const input = tf\.input\(\{ shape: \[height, width, channels\] \}\);/);
    assert.match(m.source, /tf\.layers\.add\(\)\.apply\(\[x, tf\.layers\.(conv2d|dense)\(/);
    assert.match(m.source, /this\.model = tf\.model\(\{ inputs: input, outputs: x \}\);/);
    assert.match(m.source, /private readonly model: tf\.LayersModel;/);
    assert.doesNotMatch(m.source, /tf\.sequential/);
  });

  it('converts a model.add stack too', () => {
    const m = run(insertAfterSiteOperator, fixture('vggSequential.net.ts'));
    assert.doesNotMatch(m.source, /model\.add\(|tf\.sequential/);
    assert.match(m.source, /const model = tf\.model\(\{ inputs: input, outputs: x \}\);\n\s+this\.model = model;/);
  });

  it('inlines a snippet block once and reuses it on a second insertion', () => {
    const once = run(insertBlockOperator, fixture('mobileNetFunctional.net.ts'), 'm.net.ts', [seBlock]);
    assert.match(once.description, /^inserted seBlock \(senet\) after /);
    assert.equal(count(once.source, /function seBlock/g), 1);
    assert.doesNotMatch(once.source, /export function seBlock/);
    assert.match(once.source, /= seBlock\((\w+)\);/);
    const twice = run(insertBlockOperator, once.source, 'm.net.ts', [seBlock]);
    assert.equal(count(twice.source, /function seBlock/g), 1);
    assert.equal(count(twice.source, /= seBlock\(/g), 2);
  });

  it('projects back to the channel count after a block not documented as shape-keeping', () => {
    const grow = prepareBlock({
      id: 'grow',
      family: 'densenet',
      code: "import * as tf from '@tensorflow/tfjs';\n/** Adds channels. */\nexport function grow(x: tf.SymbolicTensor): tf.SymbolicTensor {\n  return tf.layers.concatenate().apply([x, x]) as tf.SymbolicTensor;\n}\n",
    }) as InlineBlock;
    const m = run(insertBlockOperator, fixture('resNetFunctional.net.ts'), 'r.net.ts', [grow]);
    assert.match(
      m.source,
      /(\w+) = tf\.layers\.conv2d\(\{ filters: \1\.shape\[\1\.shape\.length - 1\] as number, kernelSize: 1, padding: 'same' \}\)\.apply\(grow\(\1\)\) as tf\.SymbolicTensor;/,
    );
  });

  it('copies and removes shape-keeping layers of a functional Net', () => {
    const mobile = fixture('mobileNetFunctional.net.ts');
    const copied = run(duplicateSiteOperator, mobile);
    assert.match(copied.description, /^duplicated (conv2d|depthwiseConv2d)#\d$/);
    const removed = run(removeSiteOperator, mobile);
    assert.match(removed.description, /^removed (batchNormalization|reLU)#\d$/);
    assert.equal(count(removed.source, /tf\.layers\./g), count(mobile, /tf\.layers\./g) - 1);
  });
});

describe('prepareBlock', () => {
  it('passes the channel count to width parameters and skips what it cannot fill', () => {
    const basic = prepareBlock({
      id: 'rb',
      family: 'resnet',
      code: "import * as tf from '@tensorflow/tfjs';\nexport function rb(x: tf.SymbolicTensor, filters: number, stride = 1): tf.SymbolicTensor { return x; }\n",
    });
    assert.deepEqual((basic as InlineBlock).args, [{ kind: 'channels' }]);
    const odd = prepareBlock({
      id: 'odd',
      family: 'x',
      code: "import * as tf from '@tensorflow/tfjs';\nexport function odd(x: tf.SymbolicTensor, heads: number): tf.SymbolicTensor { return x; }\n",
    });
    assert.match(odd as string, /cannot choose parameter heads/);
    assert.match(prepareBlock({ id: 'vitAttention', family: 'vit', code: seCode }) as string, /token sequences/);
    const pooling =
      "import * as tf from '@tensorflow/tfjs';\nexport function down(x: tf.SymbolicTensor): tf.SymbolicTensor {\n  return tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor;\n}\n";
    assert.match(prepareBlock({ id: 'down', family: 'vgg', code: pooling }) as string, /reduces height and width/);
    const samePool = pooling.replace('{ poolSize: 2 }', "{ poolSize: 3, strides: 1, padding: 'same' }");
    assert.equal((prepareBlock({ id: 'down', family: 'inception', code: samePool }) as InlineBlock).entry, 'down');
  });
});
