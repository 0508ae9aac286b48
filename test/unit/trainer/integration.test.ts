/**
 * The acceptance run: `nngpt train` on the reference Net for ONE full epoch of real
 * Fashion-MNIST (Debian's dataset-fashion-mnist) through the forked, sandboxed trainer must reach a
 * test accuracy above 0.80; the same command on a Net with a bug must report the error, not crash.
 * Slow (about two minutes with wasm on two cores); the timing itself is measured by bench:train.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTrain } from '../../../src/cli/train';
import { trainerBundle } from './trainerBundle';

const referencePath = resolve(__dirname, '../../../examples/nets/referenceCnn.net.ts');

/** Runs `nngpt train` in-process and returns its exit code and parsed JSON summary. */
async function train(args: string[]): Promise<{ code: number; out: Record<string, unknown> }> {
  let stdout = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => (
    (stdout += chunk.toString()),
    true
  )) as typeof process.stdout.write;
  try {
    const code = await runTrain(args);
    return { code, out: JSON.parse(stdout) as Record<string, unknown> };
  } finally {
    process.stdout.write = write;
  }
}

describe('integration: nngpt train on real Fashion-MNIST', function () {
  this.timeout(900_000);
  let trainer: string;
  let work: string;
  before(async () => {
    trainer = await trainerBundle();
    work = mkdtempSync(join(tmpdir(), 'nngpt-integration-'));
  });
  after(() => work && rmSync(work, { recursive: true, force: true }));

  it('trains the reference Net one full epoch above 0.80 test accuracy', async () => {
    const started = Date.now();
    const { code, out } = await train([
      referencePath,
      '--dataset',
      'fashion-mnist',
      '--epochs',
      '1',
      '--batch',
      '64',
      '--lr',
      '0.01',
      '--momentum',
      '0.9',
      '--dropout',
      '0.2',
      '--trainer',
      trainer,
      '--cache-dir',
      work,
      '--json',
    ]);
    const epochs = out.epochs as {
      testAccuracy: number;
      batches: number;
      samplesPerSec: number;
      stoppedEarly: boolean;
      numTensors: number;
    }[];
    console.log(
      `      full epoch: test accuracy ${epochs[0]?.testAccuracy}, ${epochs[0]?.samplesPerSec.toFixed(0)} img/s on ${String(out.backend)}, wall ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    assert.equal(code, 0, String(out.message));
    assert.equal(epochs.length, 1);
    assert.equal(epochs[0].batches, 938, 'all 60,000 images in batches of 64');
    assert.equal(epochs[0].stoppedEarly, false);
    assert.ok(epochs[0].testAccuracy > 0.8, `test accuracy ${epochs[0].testAccuracy}`);
    assert.ok((out.skipped as unknown[]).length >= 1, 'the skipped rungs are reported');
    assert.ok((out.summary as { peakRssMB: number }).peakRssMB > 0);
  });

  it('reports a Net with a bug as an error with exit code 1', async () => {
    const buggy = join(work, 'buggy.net.ts');
    writeFileSync(
      buggy,
      readFileSync(referencePath, 'utf8').replace("activation: 'relu' }),", "activation: 'relux' }),"),
    );
    const { code, out } = await train([
      buggy,
      '--max-batches',
      '5',
      '--trainer',
      trainer,
      '--cache-dir',
      work,
      '--json',
    ]);
    assert.equal(code, 1);
    assert.equal(out.status, 'failed');
    assert.equal(out.reason, 'net-error');
    assert.match(String(out.message), /The Net constructor threw .*relux/);
  });
});
