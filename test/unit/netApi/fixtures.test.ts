// Fixture-driven checks: valid Nets (and the reference Net) have no findings; every invalid Net
// yields exactly the codes and ranges in its `.expected.json`; fixable ones are clean after fixAll.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fixAll } from '../../../src/core/netApi/applyFixes';
import { checkNet } from '../../../src/core/netApi/checkNet';
import { netApiCodes } from '../../../src/core/netApi/codes';
import { offsetToLineColumn } from '../../../src/core/netApi/position';

const root = path.join(__dirname, '../../..');
const validDir = path.join(root, 'test/fixtures/nets/valid');
const invalidDir = path.join(root, 'test/fixtures/nets/invalid');

interface ExpectedFinding {
  code: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

function located(source: string, fileName: string): ExpectedFinding[] {
  return checkNet(source, fileName).findings.map((f) => {
    const start = offsetToLineColumn(source, f.range.start);
    const end = offsetToLineColumn(source, f.range.end);
    return { code: f.code, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  });
}

const netFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((n) => /\.net\.[jt]s$/.test(n))
    .sort();

describe('Net-API checker on fixtures', () => {
  it('finds nothing in the reference Net', () => {
    const file = path.join(root, 'examples/nets/referenceCnn.net.ts');
    const result = checkNet(readFileSync(file, 'utf8'), file);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.declaredHyperparameters, ['lr', 'momentum', 'dropout']);
  });

  it('has at least ten valid and thirty invalid fixtures, each invalid one with expectations', () => {
    assert.ok(netFiles(validDir).length >= 10);
    const invalid = netFiles(invalidDir);
    assert.ok(invalid.length >= 30);
    for (const name of invalid)
      assert.ok(readdirSync(invalidDir).includes(name.replace(/\.net\.[jt]s$/, '.expected.json')), name);
  });

  it('covers every finding code with an invalid fixture (unreadable input has its own tests)', () => {
    const expected = new Set(['net-api/unreadable-file']);
    for (const name of readdirSync(invalidDir).filter((n) => n.endsWith('.expected.json'))) {
      const { findings } = JSON.parse(readFileSync(path.join(invalidDir, name), 'utf8')) as {
        findings: ExpectedFinding[];
      };
      for (const f of findings) expected.add(f.code);
    }
    assert.deepEqual([...expected].sort(), [...netApiCodes].sort());
  });

  for (const name of netFiles(validDir)) {
    it(`valid/${name} has no findings`, () => {
      const source = readFileSync(path.join(validDir, name), 'utf8');
      assert.deepEqual(located(source, name), []);
      assert.ok(checkNet(source, name).declaredHyperparameters.length > 0);
    });
  }

  for (const name of netFiles(invalidDir)) {
    const expected = JSON.parse(
      readFileSync(path.join(invalidDir, name.replace(/\.net\.[jt]s$/, '.expected.json')), 'utf8'),
    ) as {
      fixable: boolean;
      findings: ExpectedFinding[];
    };
    const source = readFileSync(path.join(invalidDir, name), 'utf8');

    it(`invalid/${name} yields exactly its expected codes and ranges`, () => {
      assert.ok(expected.findings.length > 0, 'an invalid fixture expects findings');
      assert.deepEqual(located(source, name), expected.findings);
    });

    it(`invalid/${name} is ${expected.fixable ? '' : 'not '}fixed by fixAll`, () => {
      const fixed = fixAll(source, name);
      if (expected.fixable) {
        assert.ok(fixed.applied.length > 0);
        assert.deepEqual(fixed.remaining, []);
        assert.deepEqual(checkNet(fixed.source, name).findings, []);
      } else {
        assert.ok(fixed.remaining.length > 0, 'some finding has no safe fix');
      }
    });
  }
});
