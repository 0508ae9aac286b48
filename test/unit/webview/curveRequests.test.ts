import * as assert from 'node:assert/strict';
import type { RunCurves } from '../../../src/shared/resultsProtocol';
import { CurveRequests } from '../../../webview/curveRequests';

type Sent = { type: 'requestRunCurves'; requestId: number; runIds: readonly number[] };

const curvesOf = (runId: number): RunCurves => ({ runId, epochs: [], batchLoss: [[runId, 1 / runId]] });

describe('curve requests of the results page', () => {
  it('pairs each reply with its request by id, whatever order the replies come in', async () => {
    const sent: Sent[] = [];
    const requests = new CurveRequests((request) => sent.push(request));
    const first = requests.fetch([1, 2]);
    const second = requests.fetch([3]);
    assert.deepEqual(
      sent.map((s) => s.runIds),
      [[1, 2], [3]],
    );
    assert.notEqual(sent[0].requestId, sent[1].requestId);

    assert.equal(requests.settle({ type: 'runCurves', requestId: sent[1].requestId, curves: [curvesOf(3)] }), true);
    assert.equal(
      requests.settle({ type: 'runCurves', requestId: sent[0].requestId, curves: [curvesOf(1), curvesOf(2)] }),
      true,
    );
    assert.deepEqual(await second, [curvesOf(3)]);
    assert.deepEqual(await first, [curvesOf(1), curvesOf(2)]);
  });

  it('knows which runs are being fetched until their answer arrives, and takes one answer per request', async () => {
    const sent: Sent[] = [];
    const requests = new CurveRequests((request) => sent.push(request));
    const pending = requests.fetch([7]);
    assert.equal(requests.isFetching(7), true);
    assert.equal(requests.isFetching(8), false);
    const reply = { type: 'runCurves' as const, requestId: sent[0].requestId, curves: [curvesOf(7)] };
    assert.equal(requests.settle(reply), true);
    assert.equal(requests.isFetching(7), false);
    assert.equal(requests.settle(reply), false, 'a second answer to the same request is dropped');
    assert.equal(requests.settle({ ...reply, requestId: 999 }), false, 'an answer to no request is dropped');
    assert.deepEqual(await pending, [curvesOf(7)]);
  });

  it('ends open requests on a snapshot and drops their late replies', async () => {
    const sent: Sent[] = [];
    const requests = new CurveRequests((request) => sent.push(request));
    const stale = requests.fetch([4]);
    requests.forgetAll();
    assert.equal(await stale, undefined);
    assert.equal(requests.isFetching(4), false);
    assert.equal(requests.settle({ type: 'runCurves', requestId: sent[0].requestId, curves: [curvesOf(4)] }), false);
    const fresh = requests.fetch([4]);
    assert.notEqual(sent[1].requestId, sent[0].requestId);
    requests.settle({ type: 'runCurves', requestId: sent[1].requestId, curves: [curvesOf(4)] });
    assert.deepEqual(await fresh, [curvesOf(4)]);
  });
});
