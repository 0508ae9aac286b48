import * as assert from 'node:assert/strict';
import type { ResultsToHost } from '../../../src/shared/resultsProtocol';
import type { ArchiveGridView } from '../../../src/shared/searchModel';
import { SearchRequests } from '../../../webview/searchRequests';

const grid: ArchiveGridView = {
  dataset: 'fashion-mnist',
  datasets: ['fashion-mnist'],
  descriptor: 'depth',
  buckets: ['≤25k'],
  descriptors: ['≤2'],
  cells: [{ bucket: '≤25k', descriptor: '≤2', elite: null }],
  filled: 0,
  islands: 1,
  island: null,
};

describe('SearchRequests (the lineage and archive asked for on demand)', () => {
  it('pairs each reply with its request by id and kind, once', async () => {
    const sent: ResultsToHost[] = [];
    const requests = new SearchRequests((r) => sent.push(r));
    const lineage = requests.lineage();
    const archive = requests.archive({ island: 1 });
    assert.deepEqual(sent, [
      { type: 'requestLineage', requestId: 1 },
      { type: 'requestArchive', requestId: 2, request: { island: 1 } },
    ]);
    assert.ok(requests.isFetching('lineage') && requests.isFetching('archive'));
    assert.equal(requests.settle({ type: 'lineage', requestId: 2, nodes: [] }), false, 'a reply of the wrong kind');
    assert.equal(requests.settle({ type: 'archive', requestId: 2, grid }), true);
    assert.equal(requests.settle({ type: 'archive', requestId: 2, grid }), false, 'answered already');
    assert.equal(requests.settle({ type: 'lineage', requestId: 1, nodes: [] }), true);
    assert.deepEqual(await lineage, []);
    assert.deepEqual(await archive, grid);
    assert.ok(!requests.isFetching('lineage'));
  });

  it('ends open requests with undefined after a snapshot and drops their late replies', async () => {
    const requests = new SearchRequests(() => undefined);
    const lineage = requests.lineage();
    requests.forgetAll();
    assert.equal(await lineage, undefined);
    assert.equal(requests.settle({ type: 'lineage', requestId: 1, nodes: [] }), false);
    const archive = requests.archive({});
    requests.settle({ type: 'archive', requestId: 2, grid: null });
    assert.equal(await archive, null, 'null: the host has no history open');
  });
});
