import * as assert from 'node:assert/strict';
import { getDataset } from '../../../src/core/datasets/registry';
import { seededRandom } from '../../../src/core/retrieve/seededRandom';
import { makeBatch, shuffledIndices } from '../../../src/trainer/run/batchData';
import { LeakDetector } from '../../../src/trainer/run/probes';

describe('batch data', () => {
  it('shuffles the same way for the same seed and differently for another', () => {
    const a = shuffledIndices(1000, seededRandom(7));
    assert.deepEqual(a, shuffledIndices(1000, seededRandom(7)));
    assert.notDeepEqual(a, shuffledIndices(1000, seededRandom(8)));
    assert.deepEqual(
      [...a].sort((x, y) => x - y),
      Array.from({ length: 1000 }, (_, i) => i),
      'a permutation',
    );
  });

  it('normalises per channel with the registry mean/std, one-hot labels, and mirrors rows on request', () => {
    const info = getDataset('cifar10');
    const per = 32 * 32 * 3;
    const images = new Uint8Array(2 * per);
    images[0] = 255; // image 0, row 0, col 0, red
    images[per + 3 * 31 + 2] = 255; // image 1, row 0, col 31, blue
    const split = { images, labels: Uint8Array.from([3, 9]), count: 2 };
    const plain = makeBatch(split, info, [0, 1]);
    assert.ok(Math.abs(plain.x[0] - (1 - 0.4914) / 0.247) < 1e-5);
    assert.ok(Math.abs(plain.x[1] - (0 - 0.4822) / 0.2435) < 1e-5);
    assert.deepEqual([...plain.labels], [3, 9]);
    assert.equal(plain.y[3], 1);
    assert.equal(plain.y[10 + 9], 1);
    assert.equal(
      plain.y.reduce((s, v) => s + v, 0),
      2,
    );
    const flipped = makeBatch(split, info, [1], () => true);
    assert.ok(Math.abs(flipped.x[2] - (1 - 0.4465) / 0.2616) < 1e-5, 'column 31 moved to column 0');
  });
});

describe('tensor leak detector', () => {
  it('stays quiet on a flat tensor count and flags a steady rise after the warm-up', () => {
    const flat = new LeakDetector(5, 10);
    for (let b = 1; b <= 100; b++) assert.equal(flat.observe(b, b < 3 ? 10 + b : 30), undefined);
    const leaking = new LeakDetector(5, 10);
    let flagged: string | undefined;
    for (let b = 1; b <= 40 && !flagged; b++) flagged = leaking.observe(b, 30 + b);
    assert.match(flagged ?? '', /tensor leak: 11 more live tensors after 11 more batches/);
  });
});

describe('trainer job input checks', () => {
  it('refuses a malformed spec with a protocol error before choosing a backend', async () => {
    const { runJob } = await import('../../../src/trainer/job');
    const sent: { type: string; reason?: string; message?: string }[] = [];
    await runJob(
      {
        type: 'start',
        runId: 'r',
        op: 'train',
        netSource: '',
        netCode: 'x',
        netFileName: 'n.ts',
        spec: { dataset: 'mnist', epochs: 0, batchSize: 10_000, hyperparameters: {} },
      },
      { send: (m) => sent.push(m), control: { cancelled: false }, rungs: [] },
    );
    assert.equal(sent.length, 1);
    assert.equal(sent[0].reason, 'protocol');
    assert.match(sent[0].message ?? '', /epochs must be .* batchSize must be 1…4096/);
  });
});
