import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { locateSqlWasm, sqlWasmFile } from '../../../src/core/store/sqlJsLoader';
import { tempDir } from './tempStore';

describe('locateSqlWasm', () => {
  it('prefers a copy beside the bundle, else falls back to node_modules', () => {
    const { dir, cleanup } = tempDir();
    try {
      const fallback = locateSqlWasm([dir]);
      assert.ok(fallback && fallback.includes(path.join('node_modules', 'sql.js')), `fallback ${fallback}`);
      fs.writeFileSync(path.join(dir, sqlWasmFile), 'stand-in');
      assert.equal(locateSqlWasm([path.join(dir, 'missing'), dir]), path.join(dir, sqlWasmFile));
    } finally {
      cleanup();
    }
  });
});
