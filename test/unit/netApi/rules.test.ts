// Rule behaviour the fixtures do not pin down: what is NOT reported, and how prm reads are followed.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { applyEdits } from '../../../src/core/netApi/applyFixes';
import { checkNet } from '../../../src/core/netApi/checkNet';

const reference = readFileSync(path.join(__dirname, '../../../examples/nets/referenceCnn.net.ts'), 'utf8');
const codes = (source: string, name = 'net.ts'): string[] => checkNet(source, name).findings.map((f) => f.code);
/** The reference Net with one replacement made (asserting the replaced text exists). */
function variant(from: string, to: string, base = reference): string {
  assert.ok(base.includes(from), `fixture text missing: ${from}`);
  return base.replace(from, to);
}
const ctorBody = 'void device; // layers place themselves on the active TF.js backend';

describe('Net-API rules', () => {
  it('does not report look-alikes of forbidden globals: types, properties, keys, local bindings', () => {
    const source = variant(
      ctorBody,
      'void device; const cfg = { fetch: 1, process: 2 }; const fn: Function | undefined = undefined; void [cfg.fetch, cfg.process, fn];',
    );
    assert.deepEqual(codes(source), []);
    const shadowed = variant(ctorBody, 'void device; const global = 3; void global;');
    assert.deepEqual(codes(shadowed), []);
    assert.deepEqual(codes(variant(ctorBody, 'void device; void globalThis.process;')), ['net-api/forbidden-global']);
  });

  it('allows TF.js packages and their sub-paths, by import or require, and nothing else', () => {
    const allowed =
      "import '@tensorflow/tfjs-core/dist/register_all_gradients';\nimport * as layers from '@tensorflow/tfjs-layers';\nvoid layers;\n";
    assert.deepEqual(codes(allowed + reference), []);
    const js =
      "const tf = require('@tensorflow/tfjs');\nexport function supportedHyperparameters() { return []; }\nexport class Net { constructor(a, b, c, d) {} forward(x) { return tf.identity(x); } trainSetup(prm) { this.optimizer = tf.train.sgd(0.1); this.criteria = tf.losses.softmaxCrossEntropy; } async learn(d) { void d; } }\n";
    assert.deepEqual(codes(js, 'net.js'), []);
    for (const pkg of ['@tensorflow/tfjs-node', '@tensorflow/tfjs-converter', '@tensorflow/tfjsx', 'lodash']) {
      assert.deepEqual(codes(`import '${pkg}';\n` + reference), ['net-api/forbidden-import'], pkg);
    }
  });

  it('follows prm through optional chaining, casts, helpers, new Net(...) and stored fields', () => {
    const helpers = variant(
      'this.optimizer = tf.train.momentum(prm.lr, prm.momentum);',
      'this.optimizer = tf.train.momentum(this.rate(prm), (prm as Record<string, number>).momentum);',
    ).replace(
      '  /** One epoch',
      '  private rate(prm: Record<string, number>): number {\n    return prm?.lr ?? 0.01;\n  }\n\n  /** One epoch',
    );
    assert.deepEqual(codes(helpers), []);
    const stored = variant('void device;', 'void device;\n    this.kept = prm;\n    void this.kept.extra;').replace(
      'private readonly model',
      'private readonly kept: Record<string, number>;\n  private readonly model',
    );
    assert.deepEqual(codes(stored), ['net-api/undeclared-hyperparameter']);
    const alias = variant(
      'this.optimizer = tf.train.momentum(prm.lr, prm.momentum);',
      'const p = prm;\n    this.optimizer = tf.train.momentum(p.lr, p.beta);',
    );
    assert.deepEqual(codes(alias), ['net-api/unused-hyperparameter', 'net-api/undeclared-hyperparameter']);
    const viaNew =
      reference +
      '\nexport function make(prm: Record<string, number>): Net {\n  return new Net([1, 28, 28, 1], [10], prm, "cpu");\n}\n';
    assert.deepEqual(codes(viaNew), []);
  });

  it("follows trainSetup into the Net's own helpers and Object.assign, and still reports a field nobody sets", () => {
    const setUp = `this.optimizer = tf.train.momentum(prm.lr, prm.momentum);
    this.criteria = (labels, logits) => tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;`;
    const helper = variant(setUp, 'this.configure(prm);').replace(
      '  /** One epoch',
      '  private configure(prm: Record<string, number>): void {\n    this.optimizer = tf.train.momentum(prm.lr, prm.momentum);\n    this.useLoss();\n  }\n\n  private useLoss(): void {\n    this.criteria = (labels, logits) => tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;\n    this.useLoss2();\n  }\n\n  private useLoss2(): void {\n    this.useLoss();\n  }\n\n  /** One epoch',
    );
    assert.deepEqual(codes(helper), []);
    const assigned = variant(
      setUp,
      'Object.assign(this, { optimizer: tf.train.momentum(prm.lr, prm.momentum), criteria: tf.losses.softmaxCrossEntropy });',
    );
    assert.deepEqual(codes(assigned), []);
    const half = variant(setUp, 'this.configure(prm);').replace(
      '  /** One epoch',
      '  private configure(prm: Record<string, number>): void {\n    this.optimizer = tf.train.momentum(prm.lr, prm.momentum);\n  }\n\n  /** One epoch',
    );
    assert.deepEqual(codes(half), ['net-api/train-setup-missing-criteria']);
    const elsewhere = variant(setUp, 'void prm.lr; void prm.momentum; this.unrelated();');
    assert.deepEqual(codes(elsewhere).sort(), [
      'net-api/train-setup-missing-criteria',
      'net-api/train-setup-missing-optimizer',
    ]);
  });

  it('does not treat a module-level object named prm as the hyperparameters', () => {
    assert.deepEqual(codes(reference + '\nconst prm = { width: 1 };\nvoid prm.width;\n'), []);
  });

  it('reports passing prm whole and suppresses unused-key findings it could hide', () => {
    const source = variant(
      'tf.layers.dropout({ rate: prm.dropout })',
      'tf.layers.dropout({ rate: Object.values(prm)[0] })',
    );
    assert.deepEqual(codes(source), ['net-api/unverifiable-hyperparameter-read']);
  });

  it('accepts methods inherited from a base class in the file and arrow-function members', () => {
    const base = variant(
      'export class Net {',
      'class Base {\n  optimizer!: tf.Optimizer;\n  learn = async (trainData: AsyncIterable<unknown>): Promise<void> => {\n    for await (const _ of trainData) break;\n  };\n}\n\nexport class Net extends Base {',
    );
    const noLearn = base.slice(0, base.indexOf('  /** One epoch')) + '}\n';
    assert.deepEqual(codes(noLearn.replace('optimizer!: tf.Optimizer;\n  criteria', 'criteria')), []);
  });

  it('flags TypeScript-only syntax in JavaScript files only, not plain class inheritance', () => {
    const js =
      "import * as tf from '@tensorflow/tfjs';\nclass Base {}\nexport function supportedHyperparameters() { return []; }\nexport class Net extends Base { constructor(a, b, c, d) { super(); } forward(x) { return tf.identity(x); } trainSetup(p) { this.optimizer = tf.train.sgd(0.1); this.criteria = tf.losses.softmaxCrossEntropy; } async learn(d) { void d; } }\n";
    assert.deepEqual(codes(js, 'net.js'), []);
    assert.deepEqual(codes(js.replace('forward(x)', 'forward(x: tf.Tensor)'), 'net.mjs'), ['net-api/syntax-error']);
    assert.deepEqual(codes(reference, 'reference.ts'), []);
  });

  it('warns on sync reads of tensor data, saying why, and leaves async reads alone', () => {
    const learnLoop = 'this.optimizer.minimize(() => this.criteria(y, this.forward(x, true)));';
    for (const read of ['dataSync()', 'arraySync()', 'bufferSync()']) {
      const found = checkNet(
        variant(
          learnLoop,
          `const cost = this.optimizer.minimize(() => this.criteria(y, this.forward(x, true)), true);\n      void cost?.${read};`,
        ),
        'net.ts',
      ).findings;
      assert.deepEqual(
        found.map((f) => `${f.code} ${f.severity}`),
        ['net-api/sync-read warning'],
        read,
      );
      assert.match(found[0].message, /stalls a GPU.*fails outright on the webgpu backend in Node.*await t\.data\(\)/);
    }
    const asyncRead = variant(
      learnLoop,
      'const cost = this.optimizer.minimize(() => this.criteria(y, this.forward(x, true)), true);\n      void (await cost?.data());',
    );
    assert.deepEqual(codes(asyncRead), []);
  });

  it('flags pretrained loaders by name', () => {
    for (const call of ['tf.loadLayersModel(url)', 'loadModel(url)', 'Hub.fromPretrained(url)']) {
      const source = variant(ctorBody, `void device; const url = 'x'; void ${call};`).replace(
        "const url = 'x'; void loadModel",
        "const url = 'x'; const loadModel = (u: string) => u; void loadModel",
      );
      assert.ok(codes(source).includes('net-api/pretrained-weights'), call);
    }
  });

  it('flags model I/O through tf.io, however it is reached, and model.save, as model-io', () => {
    const uses = [
      "void tf.io.http('https://example.com/upload');",
      "void tf.io.withSaveHandler(async () => ({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }));",
      'const io = tf.io; void io;',
      "void tf['io'].browserFiles([]);",
      "void require('@tensorflow/tfjs').io.copyModel('a', 'b');",
      'const { io } = tf; void io;',
      "void tf.sequential().save('file:///tmp/net');",
      "void tf.sequential()['save']('downloads://net');",
    ];
    for (const use of uses) {
      const source = variant(ctorBody, `void device; ${use}`);
      assert.deepEqual(codes(source).filter((c) => c === 'net-api/model-io').length, 1, use);
      assert.ok(!codes(source).includes('net-api/pretrained-weights'), use);
    }
    const imported = variant('', '').replace(
      "import * as tf from '@tensorflow/tfjs';",
      "import * as tf from '@tensorflow/tfjs';\nimport { io } from '@tensorflow/tfjs-core';\nvoid io;",
    );
    assert.ok(codes(imported).includes('net-api/model-io'), 'a named import of io');
  });

  it("leaves the Net's own save method, a local io field and TF.js IO types alone", () => {
    const own = variant(ctorBody, 'void device; const cfg = { io: 1 }; void cfg.io; void this.save(2);').replace(
      '  forward(',
      '  save(n: number): number {\n    return n;\n  }\n\n  forward(',
    );
    assert.deepEqual(
      codes(own).filter((c) => c === 'net-api/model-io'),
      [],
    );
    const typed = variant(
      ctorBody,
      'void device; const artifacts: tf.io.ModelArtifacts | undefined = undefined; void artifacts;',
    );
    assert.deepEqual(
      codes(typed).filter((c) => c === 'net-api/model-io'),
      [],
    );
  });

  it('marks the rename unsafe when the file already uses the name Net', () => {
    const source = variant('export class Net {', 'export class Model {') + '\ntype Net = Model;\n';
    const rename = checkNet(source, 'net.ts').findings.find((f) => f.code === 'net-api/class-not-named-net');
    assert.equal(rename?.fixes[0]?.safe, false);
  });

  it('adds the TF.js import when a fix needs tf and the file has none', () => {
    const source =
      'export function supportedHyperparameters(): string[] {\n  return [];\n}\n\nexport class Net {\n  constructor(inShape: number[], outShape: number[], prm: Record<string, number>, device: string) {}\n  forward(x: unknown): unknown {\n    return x;\n  }\n  trainSetup(prm: Record<string, number>): void {}\n}\n';
    const learn = checkNet(source, 'net.ts').findings.find((f) => f.code === 'net-api/missing-learn');
    const fixed = applyEdits(source, learn?.fixes[0]?.edits ?? []);
    assert.ok(fixed.startsWith("import * as tf from '@tensorflow/tfjs';\n"));
    assert.ok(!codes(fixed).includes('net-api/missing-learn'));
  });

  it('offers an unsafe literal fix for a computed key list that leaves the file clean', () => {
    const source = variant(
      "return ['lr', 'momentum', 'dropout'];",
      "const keys = ['lr', 'momentum', 'dropout'];\n  return keys;",
    );
    const finding = checkNet(source, 'net.ts').findings.find((f) => f.code === 'net-api/hyperparameters-not-literal');
    assert.equal(finding?.fixes[0]?.safe, false);
    const fixed = applyEdits(source, finding?.fixes[0]?.edits ?? []);
    assert.deepEqual(codes(fixed), []);
  });
});
