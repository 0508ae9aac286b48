// `nngpt check` end to end: a real child process on copies of fixtures in a temp folder.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '../../..');
const invalidDir = path.join(root, 'test/fixtures/nets/invalid');

function nngpt(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args],
      { cwd: root },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('nngpt check (CLI)', function () {
  this.timeout(60_000);
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'nngpt-check-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints file:line:col severity code message and exits 1, then --fix repairs the file in place', async () => {
    const file = path.join(dir, 'missingLearn.net.ts');
    copyFileSync(path.join(invalidDir, 'missingLearn.net.ts'), file);
    const before = await nngpt(['check', file]);
    assert.equal(before.code, 1);
    assert.deepEqual(before.stdout.trim().split('\n'), [
      `${file}:9:14 error net-api/missing-learn Net has no learn(trainData) method running one epoch.`,
    ]);

    const fixed = await nngpt(['check', '--fix', file]);
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.match(fixed.stdout, /: fixed: Add learn\(\) minimising the loss over every batch/);
    assert.match(readFileSync(file, 'utf8'), /async learn\(trainData/);

    const after = await nngpt(['check', file]);
    assert.equal(after.code, 0);
    assert.equal(after.stdout, '');
  });

  it('prints a JSON array with line/column positions and keeps exit 0 for warnings only', async () => {
    const file = path.join(dir, 'unusedKey.net.ts');
    copyFileSync(path.join(invalidDir, 'unusedKey.net.ts'), file);
    const { code, stdout } = await nngpt(['check', '--json', file]);
    assert.equal(code, 0);
    const [entry] = JSON.parse(stdout) as {
      file: string;
      declaredHyperparameters: string[];
      findings: { code: string; severity: string; line: number; column: number; endLine: number; endColumn: number }[];
    }[];
    assert.equal(entry.file, file);
    assert.deepEqual(entry.declaredHyperparameters, ['lr', 'weightDecay', 'momentum', 'dropout']);
    assert.deepEqual(
      entry.findings.map((f) => [f.code, f.severity, f.line, f.column, f.endLine, f.endColumn]),
      [['net-api/unused-hyperparameter', 'warning', 6, 17, 6, 30]],
    );
  });

  it('reports missing and binary files clearly, and usage errors with exit 2', async () => {
    const binary = path.join(dir, 'junk.net.ts');
    writeFileSync(binary, Buffer.from([0, 1, 2, 3, 0, 255, 254]));
    const missing = path.join(dir, 'nope.net.ts');
    const result = await nngpt(['check', missing, binary]);
    assert.equal(result.code, 1);
    assert.match(
      result.stdout,
      new RegExp(
        `${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:1 error net-api/unreadable-file Cannot read .*: no such file\\.`,
      ),
    );
    assert.match(result.stdout, /junk\.net\.ts:1:1 error net-api\/unreadable-file The file looks binary/);

    assert.equal((await nngpt(['check'])).code, 2);
    assert.equal((await nngpt(['check', '--frobnicate', binary])).code, 2);
    const help = await nngpt(['check', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /usage: nngpt check/);
  });
});
