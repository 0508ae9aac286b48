/**
 * One training step of the reference Net gives the same loss and gradients on every backend as on
 * TF.js's reference `cpu` backend, from the same weights and batch. wasm runs everywhere (it checks the
 * trainer's own wasm training kernels); WebGPU runs wherever Dawn finds a hardware adapter in this
 * process and is reported as not run, with the reason, where none exists (webgpuParity.test.ts runs
 * every Net on SwiftShader, forced). Tolerance: loss within 1e-3 relative; each gradient
 * within 1e-3 + 1e-2 × its largest magnitude (float32 kernels sum in different orders).
 */
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { transpileNet } from '../../../src/core/training/transpile';
import { wasmRung } from '../../../src/trainer/backends/cpuRungs';
import type { Rung } from '../../../src/trainer/backends/rung';
import { webgpuRung } from '../../../src/trainer/backends/webgpuRung';
import { evaluateNet } from '../../../src/trainer/sandbox/evaluateNet';
import type { NetInstance } from '../../../src/trainer/sandbox/evaluateNet';

const batch = 8;
const prm = { lr: 0.01, momentum: 0.9, dropout: 0 }; // no dropout: its random mask differs per backend

interface Step {
  loss: number;
  grads: Float32Array[];
}

async function referenceNet(): Promise<(weights?: Float32Array[]) => { net: NetInstance; vars: tf.Variable[] }> {
  const t = await transpileNet(
    readFileSync(resolve(__dirname, '../../../examples/nets/referenceCnn.net.ts'), 'utf8'),
    'referenceCnn.net.ts',
  );
  if (!t.ok) throw new Error(t.message);
  const mod = evaluateNet(t.code, 'referenceCnn.net.ts');
  return (weights) => {
    const before = new Set(Object.values(tf.engine().state.registeredVariables).map((v) => v.id));
    const net = new mod.Net([batch, 28, 28, 1], [10], prm, tf.getBackend());
    const vars = Object.values(tf.engine().state.registeredVariables).filter((v) => !before.has(v.id) && v.trainable);
    weights?.forEach((w, i) => vars[i].assign(tf.tensor(w, vars[i].shape)));
    net.trainSetup(prm);
    return { net, vars };
  };
}

/** Reads asynchronously: a sync read fails on webgpu in Node. */
async function step(net: NetInstance, vars: tf.Variable[], x: Float32Array, y: Float32Array): Promise<Step> {
  const { value, grads } = tf.tidy(() => {
    const xs = tf.tensor4d(x, [batch, 28, 28, 1]);
    const ys = tf.tensor2d(y, [batch, 10]);
    const criteria = net.criteria as (l: tf.Tensor, p: tf.Tensor) => tf.Scalar;
    return tf.variableGrads(() => criteria(ys, net.forward(xs, true) as tf.Tensor), vars);
  });
  const ordered = vars.map((v) => grads[v.name]);
  const [loss, ...rest] = await Promise.all([value.data(), ...ordered.map((g) => g.data())]);
  tf.dispose([value, ...ordered]);
  return { loss: loss[0], grads: rest as Float32Array[] };
}

function batchData(): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(batch * 784);
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.37) * 1.5;
  const y = new Float32Array(batch * 10);
  for (let b = 0; b < batch; b++) y[b * 10 + ((b * 3) % 10)] = 1;
  return { x, y };
}

async function compareWithCpu(rung: Rung): Promise<string | undefined> {
  const build = await referenceNet();
  const { x, y } = batchData();
  await tf.setBackend('cpu');
  const cpu = build();
  const weights = cpu.vars.map((v) => v.dataSync() as Float32Array);
  const expected = await step(cpu.net, cpu.vars, x, y);
  const init = await rung.tryInit();
  if (!init.ok) return init.reason;
  const other = build(weights);
  const got = await step(other.net, other.vars, x, y);
  assert.ok(
    Math.abs(got.loss - expected.loss) <= 1e-3 * Math.abs(expected.loss),
    `${rung.name} loss ${got.loss} vs cpu ${expected.loss}`,
  );
  expected.grads.forEach((g, i) => {
    const scale = g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const worst = g.reduce((m, v, j) => Math.max(m, Math.abs(v - got.grads[i][j])), 0);
    assert.ok(
      worst <= 1e-3 + 1e-2 * scale,
      `${rung.name} gradient ${i} (${other.vars[i].name}) differs by ${worst} (scale ${scale})`,
    );
  });
  return undefined;
}

describe('one training step matches the cpu backend', function () {
  this.timeout(120_000);
  let previous: string | undefined;
  before(async () => {
    await tf.ready();
    previous = tf.getBackend();
  });
  after(async () => {
    if (!previous) return;
    await tf.setBackend(previous);
  });

  it('wasm (with the trainer training kernels)', async () => {
    assert.equal(await compareWithCpu(wasmRung()), undefined);
  });

  it('WebGPU (Dawn), where an adapter exists', async function () {
    const notRun = await compareWithCpu(webgpuRung());
    if (notRun) {
      console.log(`      not run: ${notRun}`);
      this.skip();
    }
  });
});
