/**
 * A backend's fault is never reported as the Net's error: what TF.js's backend throws in the middle
 * of a run (webgpu's failed sync read, a lost device, a missing kernel) ends as `backend`, naming
 * the backend; the Net's own dataSync() on webgpu ends as `net-error` that says why. The stacks here
 * are real: the "Net" is code run under a .net.ts file name, as evaluateNet runs it.
 */
import * as assert from 'node:assert/strict';
import { runInThisContext } from 'node:vm';
import { setRunningBackend } from '../../../src/trainer/run/backendFault';
import { failureFrom } from '../../../src/trainer/run/failure';

/** What TF.js's webgpu backend throws from a sync read in Node. */
const syncReadError = () => new ReferenceError('OffscreenCanvas is not defined');
const tensorLike = {
  dataSync: (): never => {
    throw syncReadError();
  },
};
/** Library code between the Net and the read (as tf.layers would be). */
const library = { summarise: (t: typeof tensorLike) => t.dataSync() };

function thrownBy(netCode: string, ...args: unknown[]): unknown {
  const fn = runInThisContext(`(function (t, lib) { ${netCode} })`, { filename: 'syncy.net.ts' }) as (
    ...a: unknown[]
  ) => unknown;
  try {
    fn(...args);
  } catch (e) {
    return e;
  }
  throw new Error('nothing was thrown');
}

describe('backend faults and the Net’s own errors', () => {
  before(() => setRunningBackend('webgpu'));
  after(() => setRunningBackend(undefined));

  it('the Net calling dataSync() on webgpu is the Net’s error, with why and what to do', () => {
    const f = failureFrom(thrownBy('return t.dataSync();', tensorLike), 'learn()', 'syncy.net.ts');
    assert.equal(f.reason, 'net-error');
    assert.match(
      f.message,
      /^learn\(\) called dataSync\(\): a synchronous read .*stalls a GPU.*fails outright on the webgpu backend in Node.*await t\.data\(\)/,
    );
  });

  it('a sync read TF.js makes on its own is the backend’s fault, naming the backend', () => {
    const f = failureFrom(
      thrownBy('return lib.summarise(t);', tensorLike, library),
      'forward() on a dummy batch',
      'syncy.net.ts',
    );
    assert.equal(f.reason, 'backend');
    assert.match(
      f.message,
      /^The webgpu backend failed during forward\(\) on a dummy batch: ReferenceError: OffscreenCanvas is not defined.*not of the Net/,
    );
  });

  it('a kernel the backend lacks, or a lost device, is the backend’s fault', () => {
    for (const message of [
      "Kernel 'Conv3DBackpropFilterV2' not registered for backend 'webgpu'",
      'GPUDevice was lost: device destroyed',
    ]) {
      const f = failureFrom(thrownBy('throw new Error(t);', message), 'learn()', 'syncy.net.ts');
      assert.equal(f.reason, 'backend', message);
      assert.match(f.message, /webgpu backend failed during learn\(\)/);
    }
  });

  it('an ordinary error in Net code stays the Net’s error', () => {
    const f = failureFrom(thrownBy('return t.nothing.here;', {}), 'learn()', 'syncy.net.ts');
    assert.equal(f.reason, 'net-error');
    assert.match(f.message, /^learn\(\) threw TypeError/);
  });
});
