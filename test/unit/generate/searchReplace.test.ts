import * as assert from 'node:assert/strict';
import { applySearchReplace, formatBlocks, parseSearchReplace } from '../../../src/core/generate/searchReplace';

const parent = ['const a = 1;', 'const b = 2;', 'const c = 3;', 'const b2 = 2;', ''].join('\n');
const block = (search: string, replace: string) => `<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE`;

describe('SEARCH/REPLACE edits', () => {
  it('applies blocks exactly and in order, inside fences and after prose', () => {
    const reply =
      '```yaml\nlr: 0.1\n```\nHere:\n```typescript\n' +
      block('const a = 1;', 'const a = 10;') +
      '\n' +
      block('const a = 10;\nconst b = 2;', 'const a = 10;\nconst b = 20;') +
      '\n```';
    const edit = applySearchReplace(parent, reply);
    assert.ok(edit.ok, !edit.ok ? edit.message : '');
    assert.equal(
      edit.code,
      parent.replace('const a = 1;', 'const a = 10;').replace('const b = 2;\n', 'const b = 20;\n'),
    );
    assert.equal(edit.blocks.length, 2);
  });

  it('names the block whose SEARCH text does not occur, or occurs twice', () => {
    const missing = applySearchReplace(
      parent,
      block('const a = 1;', 'const a = 5;') + '\n' + block('const  b = 2;', 'x'),
    );
    assert.deepEqual([missing.ok, !missing.ok && missing.block], [false, 2]);
    assert.match(
      !missing.ok ? missing.message : '',
      /Block 2's SEARCH text does not occur in the Net \(after blocks 1–1 were applied\)/,
    );
    const twice = applySearchReplace(parent, block('= 2;', '= 4;'));
    assert.match(!twice.ok ? twice.message : '', /Block 1's SEARCH text occurs 2 times/);
    const empty = applySearchReplace(parent, block('', 'const z = 0;'));
    assert.match(!empty.ok ? empty.message : '', /empty SEARCH part/);
  });

  it('says so when there is no block, or one is not closed', () => {
    const none = applySearchReplace(parent, '```ts\nclass Net {}\n```');
    assert.match(!none.ok ? none.message : '', /no SEARCH\/REPLACE block/);
    const open = parseSearchReplace('<<<<<<< SEARCH\nconst a = 1;\n=======\nconst a = 2;\n');
    assert.deepEqual([open.ok, !open.ok && /block 1 is not closed/.test(open.message)], [false, true]);
  });

  it('keeps a CRLF parent CRLF, and formats blocks for the repair prompt', () => {
    const crlf = parent.replace(/\n/g, '\r\n');
    const edit = applySearchReplace(crlf, block('const c = 3;', 'const c = 30;').replace(/\n/g, '\r\n'));
    assert.ok(edit.ok);
    assert.equal(edit.code, crlf.replace('const c = 3;', 'const c = 30;'));
    assert.equal(formatBlocks(edit.blocks), `Block 1:\n${block('const c = 3;', 'const c = 30;')}`);
  });
});
