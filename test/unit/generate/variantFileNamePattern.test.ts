import * as assert from 'node:assert/strict';
import { patternedVariantFileName } from '../../../src/core/generate/variantFileNamePattern';

describe('variant file names from the naming pattern', () => {
  it('takes the first free number and keeps the seed extension', () => {
    assert.equal(
      patternedVariantFileName('{stem}.v{n}', 'cnn.net.ts', ['cnn.net.ts', 'cnn.v1.net.ts']),
      'cnn.v2.net.ts',
    );
    assert.equal(patternedVariantFileName('{stem}-gen{n}', 'cnn.v4.net.js', []), 'cnn-gen1.net.js');
  });
  it('refuses patterns that would overwrite or leave the folder', () => {
    assert.throws(() => patternedVariantFileName('{stem}-copy', 'cnn.net.ts', []), /needs \{n\}/);
    assert.throws(() => patternedVariantFileName('../{stem}.v{n}', 'cnn.net.ts', []), /path separators/);
  });
});
