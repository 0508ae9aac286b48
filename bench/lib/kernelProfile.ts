// Per-kernel time of a few training steps, from tf.profile. Each kernel is timed in process CPU
// time rather than wall time, so other processes on the machine do not inflate the table.
import * as tf from '@tensorflow/tfjs';

/** One row: a kernel at one input shape, averaged per step. */
export interface KernelRow {
  kernel: string;
  shapes: string;
  msPerStep: number;
  callsPerStep: number;
}

/** Profiles `steps` calls of `step`; rows sorted by time, plus total kernel, CPU and wall time per step. */
export async function profileSteps(
  step: () => void,
  steps: number,
): Promise<{ rows: KernelRow[]; kernelMs: number; wallMs: number; cpuMs: number }> {
  const backend = tf.backend() as { time(f: () => void): Promise<{ kernelMs: number }> };
  const ownTime = backend.time;
  backend.time = async (f) => {
    const before = process.cpuUsage();
    f();
    const used = process.cpuUsage(before);
    return { kernelMs: (used.user + used.system) / 1000 };
  };
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let info: Awaited<ReturnType<typeof tf.profile>>;
  try {
    info = await tf.profile(() => {
      for (let i = 0; i < steps; i++) step();
    });
  } finally {
    backend.time = ownTime;
  }
  const wallMs = (performance.now() - start) / steps;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000 / steps;
  const byKey = new Map<string, KernelRow>();
  for (const k of info.kernels) {
    const shapes = JSON.stringify(k.inputShapes);
    const key = `${k.name} ${shapes}`;
    const row = byKey.get(key) ?? { kernel: k.name, shapes, msPerStep: 0, callsPerStep: 0 };
    row.msPerStep += ((await k.kernelTimeMs) as number) / steps;
    row.callsPerStep += 1 / steps;
    byKey.set(key, row);
  }
  const rows = [...byKey.values()].sort((a, b) => b.msPerStep - a.msPerStep);
  return { rows, kernelMs: rows.reduce((s, r) => s + r.msPerStep, 0), wallMs, cpuMs };
}

/** A markdown table of the top rows. */
export function profileTable(rows: KernelRow[], top = 20): string {
  const lines = ['| kernel | input shapes | CPU ms/step | calls/step |', '|---|---|---:|---:|'];
  for (const r of rows.slice(0, top))
    lines.push(`| ${r.kernel} | ${r.shapes} | ${r.msPerStep.toFixed(2)} | ${r.callsPerStep.toFixed(0)} |`);
  return lines.join('\n');
}

/** The Net API surface a training step needs. */
export interface ProfiledNet {
  optimizer: tf.Optimizer;
  criteria: (labels: tf.Tensor, logits: tf.Tensor) => tf.Scalar;
  forward(x: tf.Tensor4D, training?: boolean): tf.Tensor;
}

/** One-hot labels cycling through the classes, `[batch, numClasses]`: a fixed, balanced batch to profile on. */
export function cyclingLabels(batch: number, numClasses: number): tf.Tensor2D {
  return tf.tidy(
    () =>
      tf
        .oneHot(
          tf.tensor1d(
            Array.from({ length: batch }, (_, i) => i % numClasses),
            'int32',
          ),
          numClasses,
        )
        .toFloat() as tf.Tensor2D,
  );
}

/** Per-kernel table of `steps` training steps on one fixed batch, as printable text (run it warm). */
export async function profileTrainingStep(
  net: ProfiledNet,
  x: tf.Tensor4D,
  y: tf.Tensor2D,
  steps = 10,
): Promise<string> {
  const step = () => {
    const loss = net.optimizer.minimize(() => net.criteria(y, net.forward(x, true)), true);
    loss?.dataSync();
    loss?.dispose();
  };
  const { rows, kernelMs, wallMs, cpuMs } = await profileSteps(step, steps);
  return `per-kernel profile (${tf.getBackend()}), per step of ${x.shape[0]}: ${kernelMs.toFixed(1)} CPU ms in kernels, ${cpuMs.toFixed(1)} CPU ms, ${wallMs.toFixed(1)} ms wall\n${profileTable(rows)}`;
}
