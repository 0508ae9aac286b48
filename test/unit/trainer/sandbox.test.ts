import * as assert from 'node:assert/strict';
import { transpileNet } from '../../../src/core/training/transpile';
import { RunFailure } from '../../../src/trainer/run/failure';
import { declaredHyperparameters, evaluateNet } from '../../../src/trainer/sandbox/evaluateNet';
import { inlineLineTable, lineTable } from '../../../src/trainer/sandbox/sourceLines';

async function load(source: string, fileName = 'probe.net.ts') {
  const t = await transpileNet(source, fileName);
  if (!t.ok) throw new Error(t.message);
  return evaluateNet(t.code, fileName);
}

const minimal = `import * as tf from '@tensorflow/tfjs';
export function supportedHyperparameters() { return ['lr']; }
export class Net { constructor() { this.tfVersion = tf.version_core; } forward() {} trainSetup() {} async learn() {} }`;

function failure(f: () => unknown, reason: string, pattern: RegExp): void {
  assert.throws(f, (e: unknown) => e instanceof RunFailure && e.reason === reason && pattern.test(e.message));
}

describe('Net sandbox (in-process layer)', () => {
  it('gives a Net TF.js and nothing else through require', async () => {
    const mod = await load(minimal);
    assert.equal(typeof mod.Net, 'function');
    assert.deepEqual(declaredHyperparameters(mod), ['lr']);
    const t = await transpileNet(
      `const fs = require('node:fs');\nexport class Net {}\nexport function supportedHyperparameters() { return []; }`,
      'x.net.js',
    );
    failure(
      () => evaluateNet(t.ok ? t.code : '', 'x.net.js'),
      'sandbox',
      /require\('node:fs'\) is not allowed.*x\.net\.js line 1/,
    );
  });

  it('hides process, globalThis, timers and fetch, and runs in strict mode', async () => {
    const probe = `export const seen = [typeof process, typeof globalThis, typeof global, typeof setTimeout, typeof fetch, typeof Buffer, (function () { return typeof this; })()];
export class Net {}
export function supportedHyperparameters() { return []; }`;
    const mod = (await load(probe)) as unknown as { seen: string[] };
    assert.deepEqual(mod.seen, [
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'undefined',
    ]);
  });

  it('names what is missing from the module', async () => {
    const noNet = await transpileNet('export function supportedHyperparameters() { return []; }', 'a.net.ts');
    failure(() => evaluateNet(noNet.ok ? noNet.code : '', 'a.net.ts'), 'net-error', /export a class named Net/);
    const badKeys = await load('export class Net {}\nexport function supportedHyperparameters() { return [1, 2]; }');
    failure(() => declaredHyperparameters(badKeys), 'net-error', /array of strings/);
    const throwsAtLoad = await transpileNet(
      'type T = number;\n\nconst x: T = 1;\nthrow new TypeError("boom " + x);\nexport class Net {}',
      'b.net.ts',
    );
    failure(
      () => evaluateNet(throwsAtLoad.ok ? throwsAtLoad.code : '', 'b.net.ts'),
      'net-error',
      /TypeError: boom 1 \(b\.net\.ts line 4\)/,
    );
  });

  it('reports syntax errors with file, line and column, through both transpilers', async () => {
    for (const preferEsbuild of [true, false]) {
      const r = await transpileNet('export class Net {\n  forward( {\n}', 'broken.net.ts', preferEsbuild);
      assert.equal(r.ok, false);
      assert.match(!r.ok ? r.message : '', /does not parse: broken\.net\.ts:\d+:\d+/);
    }
    const viaTs = await transpileNet(minimal, 'ok.net.ts', false);
    assert.ok(viaTs.ok && /exports\.Net|exports, "Net"/.test(viaTs.code));
  });

  it('maps transpiled lines back to source lines from the inline source map', () => {
    // Segments: line 1 → source line 0; line 2 → +3 lines; line 3 → +1.
    const table = lineTable('AAAA;AAGA;AACA');
    assert.deepEqual(
      [...table],
      [
        [1, 1],
        [2, 4],
        [3, 5],
      ],
    );
    assert.equal(inlineLineTable('no map here').size, 0);
  });
});
