// The SEARCH/REPLACE reply rebuilt from parent → child code: it must apply exactly, as the generator
// applies replies, and give the child byte for byte.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { searchReplaceReply } from '../../../src/core/export/searchReplaceReply';
import { libraryMutate } from '../../../src/core/generate/mutationGenerator';
import { applySearchReplace, parseSearchReplace } from '../../../src/core/generate/searchReplace';
import { loadSnippetLibrary } from '../../../src/core/retrieve/loadSnippetLibrary';

const root = path.join(__dirname, '..', '..', '..');
const reference = fs.readFileSync(path.join(root, 'examples', 'nets', 'referenceCnn.net.ts'), 'utf8');

function roundTrip(parent: string, child: string): string {
  const reply = searchReplaceReply(parent, child);
  assert.ok(reply !== undefined, 'a reply');
  const applied = applySearchReplace(parent, reply);
  assert.ok(applied.ok, applied.ok ? '' : applied.message);
  assert.equal(applied.code, child);
  return reply;
}

describe('SEARCH/REPLACE replies rebuilt from two versions of a Net', () => {
  it('turns the reference CNN into each of six real mutations of it, with blocks smaller than the file', () => {
    const mutate = libraryMutate(loadSnippetLibrary(path.join(root, 'snippets')));
    let made = 0;
    for (let seed = 1; seed <= 6; seed++) {
      let child: string;
      try {
        child = mutate(reference, 'referenceCnn.net.ts', { randomSeed: seed }).source;
      } catch {
        continue; // a mutation the operators refuse is not this file's concern
      }
      const reply = roundTrip(reference, child);
      const parsed = parseSearchReplace(reply);
      assert.ok(parsed.ok);
      made++;
      const searched = parsed.blocks.reduce((n, b) => n + b.search.length, 0);
      assert.ok(searched < reference.length, `seed ${seed}: the blocks search less than the whole file`);
    }
    assert.ok(made >= 4, `most seeds mutate (${made} of 6)`);
  });

  it('adds context until a repeated line matches one place, and keeps line breaks on deletion', () => {
    const parent = ['a', 'x', 'b', 'x', 'c', ''].join('\n');
    const changed = ['a', 'x', 'b', 'y', 'c', ''].join('\n');
    const reply = roundTrip(parent, changed);
    assert.doesNotMatch(reply, /SEARCH\nx\n=/, 'a bare repeated line would match twice');
    roundTrip(parent, ['a', 'b', 'x', 'c', ''].join('\n'));
    roundTrip(parent, ['a', 'x', 'b', 'x', 'c', 'd', ''].join('\n'));
    roundTrip(parent, ['z', 'a', 'x', 'b', 'x', 'c', ''].join('\n'));
    roundTrip(parent, ['a', 'x', 'b', 'x', 'c'].join('\n'));
  });

  it('merges changes whose context meets, and applies blocks against the code as it stands', () => {
    const parent = ['p', 'p', 'p', 'q', 'p', 'p', ''].join('\n');
    roundTrip(parent, ['p', 'r', 'p', 'q', 'r', 'p', ''].join('\n'));
    roundTrip(parent, ['p', 'p', 'p', 'q', 'p', 'p', 'p', 'p', ''].join('\n'));
  });

  it('keeps a CRLF parent applicable', () => {
    const parent = 'one\r\ntwo\r\nthree\r\n';
    const reply = searchReplaceReply(parent, 'one\r\n2\r\nthree\r\n');
    assert.ok(reply);
    const applied = applySearchReplace(parent, reply);
    assert.ok(applied.ok);
    assert.equal(applied.code, 'one\r\n2\r\nthree\r\n');
  });

  it('gives nothing for the same code, or a parent with nothing but blank lines to search for', () => {
    assert.equal(searchReplaceReply(reference, reference), undefined);
    assert.equal(searchReplaceReply('\n\n', 'x\n'), undefined);
  });
});
