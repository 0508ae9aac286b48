import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runExport } from '../../../src/cli/export';
import { HistoryStore } from '../../../src/core/store/historyStore';
import { tempDir } from '../store/tempStore';
import { writeSampleHistory } from './sampleHistory';

/** Runs the command with stdout/stderr captured. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const realOut = process.stdout.write;
  const realErr = process.stderr.write;
  process.stdout.write = ((chunk: string) => out.push(chunk) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => err.push(chunk) > 0) as typeof process.stderr.write;
  try {
    return { code: await runExport(args), out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
  }
}

describe('nngpt export', () => {
  let dir: string;
  let cleanup: () => void;
  let file: string;
  beforeEach(async () => {
    ({ dir, cleanup } = tempDir('nngpt-export-cli-'));
    ({ file } = await writeSampleHistory(dir));
  });
  afterEach(() => cleanup());

  it('writes the JSONL corpus with filters while a writer holds the store', async () => {
    const writer = await HistoryStore.open({ path: file });
    try {
      const out = path.join(dir, 'corpus', 'train.jsonl');
      const result = await run(['--store', file, '--out', out, '--min-accuracy', '40%', '--cycles', '1..2']);
      assert.equal(result.code, 0, result.err);
      const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
      assert.equal(lines.length, 1);
      assert.equal(JSON.parse(lines[0]).messages[1].content, 'USER');
      assert.match(result.err, /1 examples written .*1 below the accuracy threshold/);
      const stdout = await run(['--store', file]);
      assert.equal(stdout.out.trim().split('\n').length, 3);
    } finally {
      await writer.close();
    }
  });

  it('says how many diff-mode prompts it answered with blocks and how many it left out', async () => {
    const writer = await HistoryStore.open({ path: file });
    const parentCode = 'export class Net {\n  a = 1;\n  b = 2;\n}\n';
    const parent = writer.addVariant({ code: parentCode, generator: 'seed', status: 'admitted' }).id;
    const prompt = { system: 'S', user: 'blocks, please' };
    const diff = { generator: 'llm', status: 'admitted', prompt, editOutcome: 'diff applied' } as const;
    writer.addVariant({ code: parentCode.replace('a = 1', 'a = 3'), parentId: parent, ...diff });
    writer.addVariant({ code: parentCode.replace('b = 2', 'b = 4'), parentId: null, ...diff });
    await writer.close();
    const result = await run(['--store', file]);
    assert.equal(result.code, 0, result.err);
    assert.match(result.err, /1 diff-mode prompts answered with SEARCH\/REPLACE blocks; 1 diff-mode variants left out/);
    const answers = result.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).messages[2].content as string);
    assert.ok(answers.includes('<<<<<<< SEARCH\n  a = 1;\n=======\n  a = 3;\n>>>>>>> REPLACE'));
  });

  it('writes LEMUR files with --lemur --out', async () => {
    const out = path.join(dir, 'lemur');
    const result = await run(['--store', file, '--lemur', '--out', out]);
    assert.equal(result.code, 0, result.err);
    assert.ok(fs.readdirSync(path.join(out, 'stat')).length >= 2);
  });

  it('reports usage errors with exit 2 and a missing store with exit 1', async () => {
    assert.equal((await run(['--store', file, '--lemur'])).code, 2);
    assert.equal((await run(['--store', file, '--cycles', '7..3'])).code, 2);
    assert.equal((await run(['--store', file, '--min-accuracy', '1.5'])).code, 2);
    assert.equal((await run(['--bogus'])).code, 2);
    const missing = await run(['--store', path.join(dir, 'nope.sqlite')]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /does not exist/);
    assert.match((await run(['--help'])).out, /usage: nngpt export/);
  });
});
