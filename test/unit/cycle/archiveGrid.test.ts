import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Archive, archiveBucketLabels, archiveDepthLabels } from '../../../src/core/cycle/archive';
import { archiveGridView } from '../../../src/core/cycle/archiveGrid';

const referenceNet = fs.readFileSync(path.join(__dirname, '../../../examples/nets/referenceCnn.net.ts'), 'utf8');
const residual = referenceNet.replace('tf.layers.flatten(),', 'tf.layers.add(),\n        tf.layers.flatten(),');
const net = (id: string, accuracy: number, paramCount: number, code = referenceNet) => ({
  id,
  name: `net-${id}`,
  code: `${code}\n// ${id}`,
  accuracy,
  paramCount,
});
const source = { dataset: 'fashion-mnist', datasets: ['fashion-mnist'], islands: 1, island: null };

describe('archiveGridView (the archive as the results panel draws it)', () => {
  it('labels the rows by parameter bucket and the columns by depth bin', () => {
    assert.deepEqual(archiveBucketLabels([25_000, 100_000, 250_000]), ['≤25k', '25k–100k', '100k–250k', '>250k']);
    assert.deepEqual(archiveDepthLabels(), ['≤2', '3–4', '5–6', '7–9', '10+']);
  });

  it('lays every cell of a depth grid out row-major, elites in the cells they hold', () => {
    const archive = new Archive({ paramBuckets: [25_000, 100_000], descriptor: 'depth' });
    archive.place(net('a', 0.71, 20_000));
    archive.place(net('b', 0.82, 60_000));
    archive.place(net('c', 0.65, 61_000)); // the same cell as b, worse: not shown
    const grid = archiveGridView(archive, source);
    assert.deepEqual(grid.buckets, ['≤25k', '25k–100k', '>100k']);
    assert.deepEqual(grid.descriptors, archiveDepthLabels());
    assert.equal(grid.cells.length, 3 * 5);
    assert.equal(grid.filled, 2);
    const filled = grid.cells.flatMap((c, i) => (c.elite ? [[i, c.bucket, c.descriptor, c.elite.name] as const] : []));
    // The reference CNN has 4 weight layers: the "3–4" column, index 1 of each row of five.
    assert.deepEqual(filled, [
      [1, '≤25k', '3–4', 'net-a'],
      [6, '25k–100k', '3–4', 'net-b'],
    ]);
    const b = grid.cells[6].elite!;
    assert.deepEqual([b.id, b.accuracy, b.paramCount], ['b', 0.82, 60_000]);
    assert.match(b.summary, /conv2d×2/);
    assert.deepEqual([grid.dataset, grid.islands, grid.island], ['fashion-mnist', 1, null]);
  });

  it('gives a family grid one column per family that holds an elite, sorted', () => {
    const archive = new Archive({ paramBuckets: [50_000], descriptor: 'family' });
    archive.place(net('v', 0.7, 10_000));
    archive.place(net('r', 0.6, 90_000, residual));
    const grid = archiveGridView(archive, source);
    assert.deepEqual(grid.descriptors, ['resnet', 'vgg']);
    assert.deepEqual(
      grid.cells.map((c) => `${c.bucket}/${c.descriptor}:${c.elite?.id ?? '-'}`),
      ['≤50k/resnet:-', '≤50k/vgg:v', '>50k/resnet:r', '>50k/vgg:-'],
    );
  });

  it('shows an empty archive as empty cells (depth) or no columns (family)', () => {
    const depth = archiveGridView(new Archive(), source);
    assert.equal(depth.filled, 0);
    assert.ok(depth.cells.length > 0 && depth.cells.every((c) => c.elite === null));
    assert.deepEqual(archiveGridView(new Archive({ paramBuckets: [1000], descriptor: 'family' }), source).cells, []);
  });
});
