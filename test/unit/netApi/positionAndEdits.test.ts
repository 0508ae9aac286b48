// Offsets ↔ 1-based line/column, applying edits, and the shape of every quick fix.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { applyEdits, fixAll } from '../../../src/core/netApi/applyFixes';
import { checkNet } from '../../../src/core/netApi/checkNet';
import { lineStarts, offsetToLineColumn } from '../../../src/core/netApi/position';

const invalidDir = path.join(__dirname, '../../fixtures/nets/invalid');

describe('offsetToLineColumn', () => {
  it('counts lines after \\n, \\r\\n and a lone \\r, 1-based', () => {
    const text = 'ab\ncd\r\nef\rgh';
    assert.deepEqual(lineStarts(text), [0, 3, 7, 10]);
    assert.deepEqual(offsetToLineColumn(text, 0), { line: 1, column: 1 });
    assert.deepEqual(offsetToLineColumn(text, 2), { line: 1, column: 3 });
    assert.deepEqual(offsetToLineColumn(text, 3), { line: 2, column: 1 });
    assert.deepEqual(offsetToLineColumn(text, 8), { line: 3, column: 2 });
    assert.deepEqual(offsetToLineColumn(text, 11), { line: 4, column: 2 });
  });

  it('clamps offsets outside the text and counts UTF-16 units', () => {
    assert.deepEqual(offsetToLineColumn('a\nb', -5), { line: 1, column: 1 });
    assert.deepEqual(offsetToLineColumn('a\nb', 99), { line: 2, column: 2 });
    assert.deepEqual(offsetToLineColumn('😀x', 2), { line: 1, column: 3 });
    assert.deepEqual(offsetToLineColumn('', 0), { line: 1, column: 1 });
  });
});

describe('applyEdits', () => {
  it('applies edits in position order whatever order they come in, insertions at one offset in given order', () => {
    const edits = [
      { range: { start: 5, end: 5 }, newText: '!' },
      { range: { start: 0, end: 1 }, newText: 'H' },
      { range: { start: 5, end: 5 }, newText: '?' },
    ];
    assert.equal(applyEdits('hello world', edits), 'Hello!? world');
  });

  it('rejects overlapping edits and edits outside the text', () => {
    assert.throws(
      () =>
        applyEdits('abcdef', [
          { range: { start: 0, end: 3 }, newText: '' },
          { range: { start: 2, end: 4 }, newText: '' },
        ]),
      RangeError,
    );
    assert.throws(() => applyEdits('abc', [{ range: { start: 2, end: 9 }, newText: '' }]), RangeError);
  });
});

describe('quick fixes on the invalid fixtures', () => {
  for (const name of readdirSync(invalidDir)
    .filter((n) => /\.net\.[jt]s$/.test(n))
    .sort()) {
    it(`${name}: every fix applies alone and removes its finding without breaking the syntax`, () => {
      const source = readFileSync(path.join(invalidDir, name), 'utf8');
      const hadSyntaxErrors = checkNet(source, name).findings.some((f) => f.code === 'net-api/syntax-error');
      const before = checkNet(source, name).findings;
      /** Findings alike in code and flagged text: a fix must leave fewer of its own kind. */
      const alike = (text: string, found: typeof before, code: string, flagged: string): number =>
        found.filter((f) => f.code === code && text.slice(f.range.start, f.range.end) === flagged).length;
      for (const finding of before) {
        const flagged = source.slice(finding.range.start, finding.range.end);
        for (const fix of finding.fixes) {
          const fixed = applyEdits(source, fix.edits);
          const after = checkNet(fixed, name).findings;
          if (!hadSyntaxErrors)
            assert.ok(!after.some((f) => f.code === 'net-api/syntax-error'), `${fix.title} breaks the syntax`);
          assert.ok(
            alike(fixed, after, finding.code, flagged) < alike(source, before, finding.code, flagged),
            `${fix.title} leaves ${finding.code}`,
          );
        }
      }
    });
  }

  it("fixAll reports what it applied and keeps the file's line breaks", () => {
    const source = readFileSync(path.join(invalidDir, 'crlfMissingLearn.net.ts'), 'utf8');
    const fixed = fixAll(source, 'crlfMissingLearn.net.ts');
    assert.deepEqual(fixed.applied, ['Add learn() minimising the loss over every batch']);
    assert.ok(!/[^\r]\n/.test(fixed.source), 'only CRLF line breaks');
  });
});
