// Per-kernel time of a few training steps, from tf.profile (the backend times each kernel).
import * as tf from '@tensorflow/tfjs';

/** One row: a kernel at one input shape, averaged per step. */
export interface KernelRow {
  kernel: string;
  shapes: string;
  msPerStep: number;
  callsPerStep: number;
}

/** Profiles `steps` calls of `step`; rows sorted by time, plus total kernel time and wall time per step. */
export async function profileSteps(step: () => void, steps: number): Promise<{ rows: KernelRow[]; kernelMs: number; wallMs: number }> {
  const start = performance.now();
  const info = await tf.profile(() => {
    for (let i = 0; i < steps; i++) step();
  });
  const wallMs = (performance.now() - start) / steps;
  const byKey = new Map<string, KernelRow>();
  for (const k of info.kernels) {
    const shapes = JSON.stringify(k.inputShapes);
    const key = `${k.name} ${shapes}`;
    const row = byKey.get(key) ?? { kernel: k.name, shapes, msPerStep: 0, callsPerStep: 0 };
    row.msPerStep += (await k.kernelTimeMs) as number / steps;
    row.callsPerStep += 1 / steps;
    byKey.set(key, row);
  }
  const rows = [...byKey.values()].sort((a, b) => b.msPerStep - a.msPerStep);
  return { rows, kernelMs: rows.reduce((s, r) => s + r.msPerStep, 0), wallMs };
}

/** A markdown table of the top rows. */
export function profileTable(rows: KernelRow[], top = 20): string {
  const lines = ['| kernel | input shapes | ms/step | calls/step |', '|---|---|---:|---:|'];
  for (const r of rows.slice(0, top)) lines.push(`| ${r.kernel} | ${r.shapes} | ${r.msPerStep.toFixed(2)} | ${r.callsPerStep.toFixed(0)} |`);
  return lines.join('\n');
}
