import * as assert from 'node:assert/strict';
import { nextVariantFileName, splitNetFileName } from '../../../src/core/generate/variantFileName';

describe('variantFileName', () => {
  it('splits off .net.ts / .ts and an existing .vN', () => {
    assert.deepEqual(splitNetFileName('cnn.net.ts'), { stem: 'cnn', ext: '.net.ts' });
    assert.deepEqual(splitNetFileName('cnn.v12.net.js'), { stem: 'cnn', ext: '.net.js' });
    assert.deepEqual(splitNetFileName('model.ts'), { stem: 'model', ext: '.ts' });
    assert.deepEqual(splitNetFileName('README'), { stem: 'README', ext: '' });
  });

  it('numbers variants from 1, filling gaps, ignoring other stems', () => {
    assert.equal(nextVariantFileName('cnn.net.ts', ['cnn.net.ts']), 'cnn.v1.net.ts');
    assert.equal(nextVariantFileName('cnn.net.ts', ['cnn.v1.net.ts', 'cnn.v3.net.ts', 'cnnx.v2.net.ts']), 'cnn.v2.net.ts');
    assert.equal(nextVariantFileName('cnn.v2.net.ts', ['cnn.net.ts', 'cnn.v1.net.ts', 'cnn.v2.net.ts']), 'cnn.v3.net.ts');
    assert.equal(nextVariantFileName('model.js', ['model.v1.ts']), 'model.v1.js');
  });
});
