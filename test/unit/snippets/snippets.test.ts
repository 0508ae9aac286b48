import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { cbamBlock } from '../../../snippets/cbam';
import { convnextBlock } from '../../../snippets/convnextBlock';
import { denseBlock, transitionLayer } from '../../../snippets/densenetBlock';
import { mbconvBlock } from '../../../snippets/efficientnetMbconv';
import { ghostBottleneck, ghostModule } from '../../../snippets/ghostModule';
import { inceptionModule } from '../../../snippets/inceptionModule';
import { imageToTokens, mixerBlock } from '../../../snippets/mlpMixerBlock';
import { invertedResidual } from '../../../snippets/mobilenetV2InvertedResidual';
import { repvggBlock } from '../../../snippets/repvggBlock';
import { resnetBasicBlock } from '../../../snippets/resnetBasic';
import { resnetBottleneckBlock } from '../../../snippets/resnetBottleneck';
import { shufflenetUnit } from '../../../snippets/shufflenetUnit';
import { seBlock } from '../../../snippets/squeezeExcitation';
import { fireModule } from '../../../snippets/squeezenetFire';
import { vggBlock } from '../../../snippets/vggBlock';
import { vitPatchAttention } from '../../../snippets/vitPatchAttention';

type Block = (x: tf.SymbolicTensor) => tf.SymbolicTensor;

/** Every snippet file with at least one build: input shape (without batch) → expected output shape. */
const cases: readonly { file: string; name: string; input: number[]; output: number[]; block: Block }[] = [
  { file: 'resnetBasic', name: 'identity shortcut', input: [8, 8, 16], output: [8, 8, 16], block: (x) => resnetBasicBlock(x, 16) },
  { file: 'resnetBasic', name: 'projection, stride 2', input: [8, 8, 16], output: [4, 4, 32], block: (x) => resnetBasicBlock(x, 32, 2) },
  { file: 'resnetBottleneck', name: 'expands ×4', input: [8, 8, 16], output: [8, 8, 32], block: (x) => resnetBottleneckBlock(x, 8) },
  { file: 'squeezeExcitation', name: 'keeps the shape', input: [8, 8, 16], output: [8, 8, 16], block: (x) => seBlock(x) },
  { file: 'cbam', name: 'keeps the shape', input: [8, 8, 16], output: [8, 8, 16], block: (x) => cbamBlock(x) },
  { file: 'convnextBlock', name: 'keeps the shape', input: [8, 8, 16], output: [8, 8, 16], block: (x) => convnextBlock(x) },
  { file: 'mobilenetV2InvertedResidual', name: 'residual', input: [8, 8, 16], output: [8, 8, 16], block: (x) => invertedResidual(x, 16) },
  { file: 'mobilenetV2InvertedResidual', name: 'stride 2', input: [8, 8, 16], output: [4, 4, 24], block: (x) => invertedResidual(x, 24, 2) },
  { file: 'efficientnetMbconv', name: 'residual', input: [8, 8, 16], output: [8, 8, 16], block: (x) => mbconvBlock(x, 16) },
  { file: 'densenetBlock', name: 'grows channels', input: [8, 8, 16], output: [8, 8, 52], block: (x) => denseBlock(x, 3, 12) },
  { file: 'densenetBlock', name: 'with transition', input: [8, 8, 16], output: [4, 4, 26], block: (x) => transitionLayer(denseBlock(x, 3, 12)) },
  { file: 'vggBlock', name: 'halves the image', input: [32, 32, 3], output: [16, 16, 16], block: (x) => vggBlock(x, 16) },
  { file: 'inceptionModule', name: 'concatenates four branches', input: [8, 8, 16], output: [8, 8, 56], block: (x) => inceptionModule(x) },
  { file: 'squeezenetFire', name: 'concatenates two expands', input: [8, 8, 16], output: [8, 8, 32], block: (x) => fireModule(x, 8, 16) },
  { file: 'shufflenetUnit', name: 'split, stride 1', input: [8, 8, 16], output: [8, 8, 16], block: (x) => shufflenetUnit(x, 16) },
  { file: 'shufflenetUnit', name: 'stride 2', input: [8, 8, 16], output: [4, 4, 32], block: (x) => shufflenetUnit(x, 32, 2) },
  { file: 'ghostModule', name: 'module', input: [8, 8, 16], output: [8, 8, 32], block: (x) => ghostModule(x, 32) },
  { file: 'ghostModule', name: 'bottleneck', input: [8, 8, 16], output: [8, 8, 16], block: (x) => ghostBottleneck(x, 32) },
  { file: 'repvggBlock', name: 'three branches', input: [8, 8, 16], output: [8, 8, 16], block: (x) => repvggBlock(x, 16) },
  { file: 'repvggBlock', name: 'stride 2', input: [8, 8, 16], output: [4, 4, 32], block: (x) => repvggBlock(x, 32, 2) },
  { file: 'vitPatchAttention', name: 'patches + encoder', input: [32, 32, 3], output: [64, 32], block: (x) => vitPatchAttention(x, 4, 32, 2) },
  { file: 'mlpMixerBlock', name: 'tokens + mixer', input: [32, 32, 3], output: [64, 32], block: (x) => mixerBlock(imageToTokens(x, 4, 32)) },
];

// The snippet files the cases cover: the issue asks for sixteen families.
const snippetFiles = [...new Set(cases.map((c) => c.file))];

describe('snippets build and run', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('covers sixteen snippet files', () => {
    assert.equal(snippetFiles.length, 16);
  });

  for (const c of cases) {
    it(`${c.file}: ${c.name} → [${c.output.join(', ')}], finite, trainable`, async () => {
      const input = tf.input({ shape: c.input });
      const output = c.block(input);
      assert.deepEqual(output.shape, [null, ...c.output]);
      const model = tf.model({ inputs: input, outputs: output });
      const x = tf.randomNormal([2, ...c.input], 0, 1, 'float32', 7);
      const y = model.predict(x) as tf.Tensor;
      assert.deepEqual(y.shape, [2, ...c.output]);
      assert.ok((await y.data()).every(Number.isFinite), 'non-finite output');
      // A classifier head and one SGD step: gradients must flow through every (custom) layer.
      const logits = tf.layers.dense({ units: 3 }).apply(tf.layers.flatten().apply(output)) as tf.SymbolicTensor;
      const classifier = tf.model({ inputs: input, outputs: logits });
      classifier.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
      const loss = (await classifier.trainOnBatch(x, tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3))) as number;
      assert.ok(Number.isFinite(loss), `loss ${loss}`);
      tf.dispose([x, y]);
    });
  }
});
