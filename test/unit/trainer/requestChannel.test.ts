import * as assert from 'node:assert/strict';
import { createRequester, serveRequests } from '../../../src/shared/requestChannel';
import type { MessagePortLike } from '../../../src/shared/requestChannel';

/** Two connected in-memory ports that deliver asynchronously, as real ports do. */
function pair(): [MessagePortLike, MessagePortLike] {
  const listeners: [Set<(m: unknown) => void>, Set<(m: unknown) => void>] = [new Set(), new Set()];
  const port = (mine: number): MessagePortLike => ({
    post: (m) => setImmediate(() => listeners[1 - mine].forEach((l) => l(structuredClone(m)))),
    onMessage: (l) => (listeners[mine].add(l), () => listeners[mine].delete(l)),
  });
  return [port(0), port(1)];
}

interface Api {
  add(p: { a: number; b: number }): number;
  fail(p: { why: string }): never;
  slow(p: { ms: number }): Promise<string>;
}

describe('typed request channel', () => {
  it('answers calls, including async ones, and matches replies to requests', async () => {
    const [a, b] = pair();
    serveRequests<Api>(b, {
      add: ({ a: x, b: y }) => x + y,
      fail: ({ why }) => {
        throw new Error(why);
      },
      slow: ({ ms }) => new Promise((r) => setTimeout(() => r(`after ${ms}`), ms)),
    });
    const rpc = createRequester<Api>(a);
    const [slow, sum] = await Promise.all([rpc.call('slow', { ms: 20 }), rpc.call('add', { a: 2, b: 3 })]);
    assert.equal(sum, 5);
    assert.equal(slow, 'after 20');
    await assert.rejects(rpc.call('fail', { why: 'bad input' }), /bad input/);
    await assert.rejects(rpc.call('slow', { ms: 200 }, 10), /timed out after 10 ms/);
    rpc.dispose();
  });

  it('rejects unknown methods and pending calls on dispose', async () => {
    const [a, b] = pair();
    serveRequests<Api>(b, { add: () => 0, fail: () => { throw new Error('x'); }, slow: () => new Promise(() => undefined) });
    const rpc = createRequester<Api>(a);
    await assert.rejects(rpc.call('nope' as 'add', { a: 1, b: 1 }), /unknown method 'nope'/);
    const hanging = rpc.call('slow', { ms: 1 });
    rpc.dispose();
    await assert.rejects(hanging, /channel closed/);
  });
});
