import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectFamily } from '../../../src/core/retrieve/detectFamily';

/** A functional-API Net body with the given layer lines. */
const net = (...lines: string[]): string =>
  `import * as tf from '@tensorflow/tfjs';\nexport class Net {\n  build(x: tf.SymbolicTensor) {\n${lines.map((l) => `    ${l}`).join('\n')}\n  }\n}\n`;

describe('detectFamily', () => {
  it('calls the reference CNN (a plain conv/pool stack) vgg', () => {
    const reference = fs.readFileSync(path.join(__dirname, '../../../examples/nets/referenceCnn.net.ts'), 'utf8');
    assert.equal(detectFamily(reference), 'vgg');
  });

  const cases: readonly [string, string | undefined, string[]][] = [
    [
      'an add-layer skip connection',
      'resnet',
      ['const y = tf.layers.conv2d({ filters: 8, kernelSize: 3 }).apply(x);', 'return tf.layers.add().apply([x, y]);'],
    ],
    [
      'depthwise convolutions',
      'mobilenet',
      ["const y = tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same' }).apply(x);"],
    ],
    [
      'depthwise + layer norm',
      'convnext',
      [
        'const y = tf.layers.depthwiseConv2d({ kernelSize: 7 }).apply(x);',
        'return tf.layers.layerNormalization().apply(y);',
      ],
    ],
    [
      'depthwise + SE gate',
      'efficientnet',
      [
        'const y = tf.layers.depthwiseConv2d({ kernelSize: 3 }).apply(x);',
        'const g = tf.layers.globalAveragePooling2d({}).apply(y);',
        'return tf.layers.multiply().apply([y, g]);',
      ],
    ],
    [
      'concatenated branches',
      'inception',
      [
        'const a = tf.layers.conv2d({ filters: 8, kernelSize: 1 }).apply(x);',
        'return tf.layers.concatenate().apply([a, x]);',
      ],
    ],
    [
      'concatenation in a loop',
      'densenet',
      ['for (let i = 0; i < 3; i++) { x = tf.layers.concatenate().apply([x, x]); }'],
    ],
    [
      'attention',
      'vit',
      [
        'const s = tf.layers.dot({ axes: [2, 2] }).apply([x, x]);',
        "const w = tf.layers.activation({ activation: 'softmax' }).apply(s);",
        'return tf.layers.layerNormalization().apply(w);',
      ],
    ],
    [
      'a plain MLP',
      undefined,
      ['const y = tf.layers.flatten().apply(x);', 'return tf.layers.dense({ units: 10 }).apply(y);'],
    ],
    [
      "Sequential's model.add (not a skip connection)",
      'vgg',
      ['this.model.add(tf.layers.conv2d({ filters: 8, kernelSize: 3 }));'],
    ],
  ];
  for (const [what, family, lines] of cases) {
    it(`${what} → ${family}`, () => assert.equal(detectFamily(net(...lines)), family));
  }

  it('ignores layer names that only occur in comments', () => {
    assert.equal(
      detectFamily(
        net(
          '// could use tf.layers.depthwiseConv2d( here',
          '/* or tf.layers.add( */',
          'return tf.layers.dense({ units: 3 }).apply(x);',
        ),
      ),
      undefined,
    );
  });
});
