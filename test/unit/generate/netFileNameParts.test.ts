import * as assert from 'node:assert/strict';
import { splitNetFileName } from '../../../src/core/generate/netFileNameParts';

describe('netFileNameParts', () => {
  it('splits off .net.ts / .ts and an existing .vN', () => {
    assert.deepEqual(splitNetFileName('cnn.net.ts'), { stem: 'cnn', ext: '.net.ts' });
    assert.deepEqual(splitNetFileName('cnn.v12.net.js'), { stem: 'cnn', ext: '.net.js' });
    assert.deepEqual(splitNetFileName('model.ts'), { stem: 'model', ext: '.ts' });
    assert.deepEqual(splitNetFileName('README'), { stem: 'README', ext: '' });
  });
});
