/**
 * Child process of webgpuParity.test.ts (run with `node --import tsx`, SwiftShader's ICD in the
 * environment): for each Net file named on the command line, one training step's loss and
 * gradients on the `cpu` backend and on the forced webgpu rung, from the same weights and batch.
 * Prints one JSON line per Net. A child keeps Dawn and the webgpu backend out of the mocha process.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { transpileNet } from '../../../../src/core/training/transpile';
import { webgpuRung } from '../../../../src/trainer/backends/webgpuRung';
import { evaluateNet } from '../../../../src/trainer/sandbox/evaluateNet';
import type { NetInstance, NetModule } from '../../../../src/trainer/sandbox/evaluateNet';

/** `--batch N --shape HxWxC` before the files; small by default, since SwiftShader renders on the CPU. */
const args = process.argv.slice(2);
const option = (flag: string, fallback: string): string => {
  const i = args.indexOf(flag);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const batch = Number(option('--batch', '2'));
const shape = option('--shape', '28x28x1').split('x').map(Number);
const classes = 10;
/** No dropout: its random mask differs per backend. */
const prm = { lr: 0.01, momentum: 0.9, dropout: 0 };

/** What one Net's comparison found, per trainable variable. */
export interface ParityLine {
  net: string;
  error?: string;
  adapter?: string;
  cpuLoss?: number;
  gpuLoss?: number;
  seconds?: number;
  grads?: { name: string; worst: number; scale: number }[];
}

function build(mod: NetModule, weights?: Float32Array[]): { net: NetInstance; vars: tf.Variable[] } {
  const before = new Set(Object.values(tf.engine().state.registeredVariables).map((v) => v.id));
  const net = new mod.Net([batch, ...shape], [classes], prm, tf.getBackend());
  const vars = Object.values(tf.engine().state.registeredVariables).filter((v) => !before.has(v.id) && v.trainable);
  weights?.forEach((w, i) => vars[i].assign(tf.tensor(w, vars[i].shape)));
  net.trainSetup(prm);
  return { net, vars };
}

/** Loss and gradients of one step, read asynchronously (a sync read fails on webgpu in Node). */
async function step(net: NetInstance, vars: tf.Variable[]): Promise<{ loss: number; grads: Float32Array[] }> {
  const x = new Float32Array(batch * shape[0] * shape[1] * shape[2]);
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.37) * 1.5;
  const y = new Float32Array(batch * classes);
  for (let b = 0; b < batch; b++) y[b * classes + ((b * 3) % classes)] = 1;
  const { value, grads } = tf.tidy(() => {
    const criteria = net.criteria as (l: tf.Tensor, p: tf.Tensor) => tf.Scalar;
    const xs = tf.tensor4d(x, [batch, ...shape] as [number, number, number, number]);
    const ys = tf.tensor2d(y, [batch, classes]);
    return tf.variableGrads(() => criteria(ys, net.forward(xs, true) as tf.Tensor), vars);
  });
  const ordered = vars.map((v) => grads[v.name]);
  const read = await Promise.all([value.data(), ...ordered.map((g) => g.data())]);
  tf.dispose([value, ...ordered]);
  return { loss: read[0][0], grads: read.slice(1) as Float32Array[] };
}

async function compare(file: string, adapter: string): Promise<ParityLine> {
  const name = basename(file).replace(/\.net\.ts$/, '');
  const t = await transpileNet(readFileSync(file, 'utf8'), basename(file));
  if (!t.ok) return { net: name, error: t.message };
  const mod = evaluateNet(t.code, basename(file));
  await tf.setBackend('cpu');
  const cpu = build(mod);
  const weights = (await Promise.all(cpu.vars.map((v) => v.data()))) as Float32Array[];
  const expected = await step(cpu.net, cpu.vars);
  await tf.setBackend('webgpu');
  const started = performance.now();
  const gpu = build(mod, weights);
  const got = await step(gpu.net, gpu.vars);
  const seconds = (performance.now() - started) / 1000;
  const grads = expected.grads.map((g, i) => ({
    name: gpu.vars[i].name,
    scale: g.reduce((m, v) => Math.max(m, Math.abs(v)), 0),
    worst: g.reduce((m, v, j) => Math.max(m, Math.abs(v - got.grads[i][j])), 0),
  }));
  tf.dispose([...cpu.vars, ...gpu.vars]);
  return { net: name, adapter, cpuLoss: expected.loss, gpuLoss: got.loss, seconds, grads };
}

async function main(files: string[]): Promise<void> {
  const init = await webgpuRung().tryInit({ forced: true });
  if (!init.ok) {
    for (const f of files) console.log(JSON.stringify({ net: basename(f), error: `webgpu rung: ${init.reason}` }));
    return;
  }
  const adapter = init.adapterInfo?.name ?? 'unknown adapter';
  for (const file of files) {
    let line: ParityLine;
    try {
      line = await compare(file, adapter);
    } catch (e) {
      line = {
        net: basename(file).replace(/\.net\.ts$/, ''),
        error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      };
    }
    console.log(JSON.stringify(line));
  }
}

main(args).then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
