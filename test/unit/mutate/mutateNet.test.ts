import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { checkNet } from '../../../src/core/netApi/checkNet';
import { mutateNet } from '../../../src/core/mutate/mutateNet';
import type { MutateSuccess } from '../../../src/core/mutate/mutateNet';
import { normalizedTokens } from '../../../src/core/novelty/netTokenizer';
import { exactJaccard, shingleHashes } from '../../../src/core/novelty/shingles';

const root = join(__dirname, '..', '..', '..');
const reference = readFileSync(join(root, 'examples/nets/referenceCnn.net.ts'), 'utf8');
const fixture = (name: string): string => readFileSync(join(root, 'test/fixtures/mutate', name), 'utf8');
const se = {
  id: 'squeezeExcitation',
  family: 'senet',
  code: [
    "import * as tf from '@tensorflow/tfjs';",
    '/** Squeeze-and-excitation; the shape is unchanged. */',
    'export function seBlock(x: tf.SymbolicTensor, ratio = 4): tf.SymbolicTensor {',
    '  const channels = x.shape[x.shape.length - 1] as number;',
    '  const squeezed = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;',
    "  const hidden = tf.layers.dense({ units: Math.max(1, Math.floor(channels / ratio)), activation: 'relu' }).apply(squeezed);",
    "  const gate = tf.layers.dense({ units: channels, activation: 'sigmoid' }).apply(hidden) as tf.SymbolicTensor;",
    '  const gate4d = tf.layers.reshape({ targetShape: [1, 1, channels] }).apply(gate) as tf.SymbolicTensor;',
    '  return tf.layers.multiply().apply([x, gate4d]) as tf.SymbolicTensor;',
    '}',
  ].join('\n'),
};

const similarity = (a: string, b: string): number =>
  exactJaccard(shingleHashes(normalizedTokens(a)), shingleHashes(normalizedTokens(b)));

function success(result: ReturnType<typeof mutateNet>): MutateSuccess {
  if ('error' in result) assert.fail(result.error);
  return result;
}

function assertValid(source: string, fileName: string): void {
  const kind = fileName.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const parsed = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, kind);
  const parseErrors = (parsed as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics;
  assert.equal(parseErrors.length, 0, `parse errors in:\n${source}`);
  const errors = checkNet(source, fileName).findings.filter((f) => f.severity === 'error');
  assert.deepEqual(
    errors.map((f) => f.code),
    [],
    source,
  );
}

describe('mutateNet', () => {
  it('returns the same variant for the same seed and different variants across seeds', () => {
    const a = success(mutateNet(reference, 'referenceCnn.net.ts', { randomSeed: 7, snippets: [se] }));
    const b = success(mutateNet(reference, 'referenceCnn.net.ts', { randomSeed: 7, snippets: [se] }));
    assert.deepEqual(a, b);
    const sources = new Set<string>();
    for (let seed = 0; seed < 12; seed++)
      sources.add(success(mutateNet(reference, 'referenceCnn.net.ts', { randomSeed: seed })).source);
    assert.ok(sources.size >= 10, `only ${sources.size} distinct variants from 12 seeds`);
  });

  it('produces variants that parse, pass the static check, differ from the parent and name their changes', () => {
    for (const [name, source] of [
      ['referenceCnn.net.ts', reference],
      ['vggSequential.net.ts', fixture('vggSequential.net.ts')],
      ['resNetFunctional.net.ts', fixture('resNetFunctional.net.ts')],
      ['mobileNetFunctional.net.ts', fixture('mobileNetFunctional.net.ts')],
      ['mlp.net.ts', fixture('mlp.net.ts')],
    ]) {
      for (let seed = 0; seed < 15; seed++) {
        const result = success(mutateNet(source, name, { randomSeed: seed, snippets: [se] }));
        assert.notEqual(result.source, source);
        const changes = result.mutations.filter((m) => !m.startsWith('fix: '));
        assert.ok(changes.length >= 1 && changes.length <= 6, result.mutations.join('; '));
        assertValid(result.source, name);
        assert.ok(
          similarity(source, result.source) < 0.9 || changes.length === 6,
          `near-duplicate after ${changes.join('; ')}`,
        );
      }
    }
  });

  it('lists the snippets whose blocks it inlined', () => {
    const results = Array.from({ length: 30 }, (_, seed) =>
      success(mutateNet(fixture('mobileNetFunctional.net.ts'), 'm.net.ts', { randomSeed: seed, snippets: [se] })),
    );
    const withBlock = results.filter((r) => r.mutations.some((m) => m.startsWith('inserted seBlock (senet)')));
    assert.ok(withBlock.length > 0, 'no seed inserted the block');
    for (const r of results) assert.deepEqual(r.snippets, withBlock.includes(r) ? ['squeezeExcitation'] : []);
  });

  it('keeps a JavaScript Net free of TypeScript syntax', () => {
    const js = ts.transpileModule(reference, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    }).outputText;
    for (let seed = 0; seed < 10; seed++) {
      const result = success(mutateNet(js, 'reference.net.js', { randomSeed: seed, snippets: [se] }));
      assertValid(result.source, 'reference.net.js');
      assert.doesNotMatch(result.source, / as tf\.|: tf\.|: number/);
    }
  });

  it('rejects bad input with a clear error instead of throwing', () => {
    assert.match(
      (mutateNet('export class Net {', 'broken.net.ts', { randomSeed: 1 }) as { error: string }).error,
      /does not parse/,
    );
    assert.match((mutateNet(reference, 'r.net.ts', { randomSeed: Number.NaN }) as { error: string }).error, /seed/);
    assert.match(
      (mutateNet(reference, 'r.net.ts', { randomSeed: 1, maxTries: 0 }) as { error: string }).error,
      /maxTries/,
    );
    const noLayers = "import * as tf from '@tensorflow/tfjs';\nexport const x = tf.scalar(1);\n";
    assert.match(
      (mutateNet(noLayers, 'empty.net.ts', { randomSeed: 1, maxTries: 3 }) as { error: string }).error,
      /no valid variant .* after 3 tries/,
    );
  });
});
