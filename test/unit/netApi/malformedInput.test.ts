// Malformed input never throws: it yields findings (or one unreadable-file finding) instead.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fixAll } from '../../../src/core/netApi/applyFixes';
import { checkNet } from '../../../src/core/netApi/checkNet';

const reference = readFileSync(path.join(__dirname, '../../../examples/nets/referenceCnn.net.ts'), 'utf8');
const codes = (source: string, name = 'net.ts'): string[] => checkNet(source, name).findings.map((f) => f.code);

describe('checkNet on malformed input', () => {
  it('reports a missing class and declaration for an empty or whitespace-only file', () => {
    for (const source of ['', '   \n\n\t']) {
      assert.deepEqual(codes(source), ['net-api/missing-net-class', 'net-api/missing-supported-hyperparameters']);
    }
  });

  it('skips binary input: NUL bytes and mis-decoded bytes', () => {
    const nul = checkNet('export class Net {}\0\0\0', 'net.ts');
    assert.equal(nul.skipped !== undefined, true);
    assert.deepEqual(
      nul.findings.map((f) => f.code),
      ['net-api/unreadable-file'],
    );
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 97 + 13) % 256)).toString('utf8');
    assert.deepEqual(codes(bytes), ['net-api/unreadable-file']);
  });

  it('skips a 5 MB file under the 1 MB default cap, and honours maxBytes', () => {
    const big = reference + '\n' + '// padding\n'.repeat(500_000);
    const result = checkNet(big, 'big.net.ts');
    assert.match(result.skipped ?? '', /larger than 1000000 bytes/);
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ['net-api/unreadable-file'],
    );
    assert.deepEqual(checkNet(big, 'big.net.ts', { maxBytes: 10_000_000 }).findings, []);
    assert.deepEqual(codes(reference.replace('// The', '// Thé'), 'n.ts'), []);
    assert.equal(checkNet(reference, 'n.ts', { maxBytes: 100 }).skipped !== undefined, true);
  });

  it('reports an unterminated template string as a syntax error at the end of the file', () => {
    const source = 'const label = `conv-${1};\nexport class Net {}\n';
    const result = checkNet(source, 'net.ts');
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ['net-api/syntax-error'],
    );
    assert.equal(result.findings[0].range.start, source.length);
  });

  it('turns every parse diagnostic into a finding with the compiler range', () => {
    const source = 'export class Net {\n  forward( {\n}\nlet = ;\n';
    const findings = checkNet(source, 'net.ts').findings;
    assert.ok(findings.length >= 2);
    assert.ok(
      findings.every((f) => f.code === 'net-api/syntax-error' && f.range.start >= 0 && f.range.end <= source.length),
    );
  });

  it('checks moderately nested code and reports code nested beyond the parser as unreadable', () => {
    const nest = (depth: number): string => `const x = ${'('.repeat(depth)}1${')'.repeat(depth)};\n` + reference;
    assert.deepEqual(codes(nest(300)), []);
    for (const depth of [5_000, 50_000]) {
      const result = checkNet(nest(depth), 'deep.net.ts');
      assert.deepEqual(
        result.findings.map((f) => f.code),
        ['net-api/unreadable-file'],
      );
      assert.match(result.skipped ?? '', /nested too deeply/);
    }
    // A long flat chain builds a deep left-leaning tree: the iterative walk must handle it.
    const chain = `const y = ${Array.from({ length: 100_000 }, () => '1').join(' + ')};\n` + reference;
    assert.deepEqual(codes(chain), []);
  });

  it('returns a finding rather than throwing for a non-string argument', () => {
    const result = checkNet(undefined as unknown as string, 'net.ts');
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ['net-api/unreadable-file'],
    );
  });

  it('does not loop or throw when fixing malformed input', () => {
    for (const source of ['', '\0\0', 'class {', '}}}}', 'export class Net { constructor( }']) {
      const fixed = fixAll(source, 'net.ts');
      assert.equal(typeof fixed.source, 'string');
    }
  });
});
