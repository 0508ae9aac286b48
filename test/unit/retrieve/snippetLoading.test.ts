import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadSnippetLibrary } from '../../../src/core/retrieve/loadSnippetLibrary';
import { parseSnippet } from '../../../src/core/retrieve/snippet';

const header = (fields: string): string =>
  `/**\n * @snippet\n${fields}\n */\nimport * as tf from '@tensorflow/tfjs';\nexport const block = tf;\n`;
const good = header(
  ' * family: resnet\n * tags: residual, skip-connection\n * description: A block for tests, with a sentence.',
);

describe('parseSnippet', () => {
  it('reads family, tags and description and keeps the code without the header', () => {
    const s = parseSnippet('demo', good, 'demo.ts');
    assert.deepEqual(
      { ...s, code: undefined },
      {
        id: 'demo',
        family: 'resnet',
        tags: ['residual', 'skip-connection'],
        description: 'A block for tests, with a sentence.',
        code: undefined,
      },
    );
    assert.equal(s.code, "import * as tf from '@tensorflow/tfjs';\nexport const block = tf;\n");
  });

  it('names the file when the header is missing', () => {
    assert.throws(
      () => parseSnippet('x', "import * as tf from '@tensorflow/tfjs';\n", 'snippets/x.ts'),
      /^Error: snippets\/x\.ts: no metadata header/,
    );
  });

  it('names the bad field', () => {
    assert.throws(
      () => parseSnippet('x', header(' * family: ResNet!\n * tags: a\n * description: long enough text'), 'x.ts'),
      /x\.ts: metadata field "family"/,
    );
    assert.throws(
      () => parseSnippet('x', header(' * family: resnet\n * tags: a'), 'x.ts'),
      /x\.ts: metadata field "description"/,
    );
    assert.throws(
      () => parseSnippet('x', header(' * family: resnet\n * tags:\n * description: long enough text'), 'x.ts'),
      /x\.ts: metadata field "tags": at least one tag/,
    );
    assert.throws(
      () =>
        parseSnippet(
          'x',
          header(' * family: resnet\n * tags: a\n * description: long enough text\n * colour: red'),
          'x.ts',
        ),
      /x\.ts: metadata field "(colour|header)"/,
    );
    assert.throws(
      () => parseSnippet('x', header(' * family resnet'), 'x.ts'),
      /x\.ts: metadata line "family resnet" is not "key: value"/,
    );
  });
});

describe('loadSnippetLibrary', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nngpt-snippets-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads the .ts files sorted by id and skips tests, declarations and other files', () => {
    for (const name of ['zeta.ts', 'alpha.ts', 'alpha.test.ts', 'types.d.ts', 'README.md']) {
      fs.writeFileSync(path.join(dir, name), good);
    }
    assert.deepEqual(
      loadSnippetLibrary(dir).map((s) => s.id),
      ['alpha', 'zeta'],
    );
  });

  it('says which file is broken', () => {
    fs.writeFileSync(path.join(dir, 'broken.ts'), 'export {};\n');
    assert.throws(
      () => loadSnippetLibrary(dir),
      new RegExp(`${path.join(dir, 'broken.ts').replace(/[/\\.]/g, '\\$&')}: no metadata header`),
    );
  });

  it('says when the folder cannot be read', () => {
    assert.throws(() => loadSnippetLibrary(path.join(dir, 'missing')), /cannot read the snippet library .*missing/);
  });
});
