import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { codeId } from '../../../src/core/novelty/codeId';
import { chooseBanding, LshIndex } from '../../../src/core/novelty/lshIndex';
import { estimateSimilarity, MinHasher } from '../../../src/core/novelty/minHash';
import { declaredKeys, normalizedTokens } from '../../../src/core/novelty/netTokenizer';
import { exactJaccard, shingleHashes } from '../../../src/core/novelty/shingles';
import { referenceNet } from './netSamples';

describe('codeId', () => {
  it('is the MD5 of the code without whitespace', () => {
    assert.equal(codeId('class Net {\n  x = 1;\n}'), createHash('md5').update('classNet{x=1;}').digest('hex'));
    assert.equal(codeId('a b\tc\r\nd'), codeId('abcd'));
    assert.notEqual(codeId('a = 1'), codeId('a = 2'));
  });
});

describe('normalizedTokens', () => {
  it('drops comments and maps identifiers, numbers and strings', () => {
    const tokens = normalizedTokens("// a comment\nconst width = 32; /* block */ const name = 'x' + `t${width}s`;");
    assert.deepEqual(tokens, ['const', 'ID', '=', 'NUM', ';', 'const', 'ID', '=', 'STR', '+', 'STR', 'ID', 'STR', ';']);
  });

  it('keeps TF.js names, Net API names and the declared hyperparameter keys', () => {
    const code =
      "export function supportedHyperparameters() { return ['lr', 'gamma']; }\nthis.optimizer = tf.train.sgd(prm.lr * prm.gamma * prm.other);";
    assert.deepEqual(declaredKeys(code), ['lr', 'gamma']);
    const tokens = normalizedTokens(code).join(' ');
    assert.match(tokens, /this \. optimizer = tf \. train \. sgd \( ID \. lr \* ID \. gamma \* ID \. ID \)/);
  });

  it('keeps TF.js words only where TF.js puts them, so a local named like one can be renamed', () => {
    assert.deepEqual(
      normalizedTokens('this.model = tf.model({ units: 3 }); f(units, model);'),
      normalizedTokens('this.net = tf.model({ units: 3 }); f(width, other);'),
    );
    assert.deepEqual(normalizedTokens('tf.model({ units: n })').join(' '), 'tf . model ( { units : ID } )');
  });

  it('tells regular expressions from division and survives bad input', () => {
    assert.deepEqual(normalizedTokens('a = b / c; d = /x+/g;'), [
      'ID',
      '=',
      'ID',
      '/',
      'ID',
      ';',
      'ID',
      '=',
      'STR',
      ';',
    ]);
    assert.ok(normalizedTokens('const s = "unterminated\n @#\u0000 `x${').length > 0);
  });
});

describe('shingles and MinHash', () => {
  const hasher = new MinHasher();

  it('hashes windows of ten tokens; short texts give one shingle', () => {
    const tokens = normalizedTokens(referenceNet);
    assert.ok(shingleHashes(tokens).length > 100);
    assert.equal(shingleHashes(['a', 'b', 'c']).length, 1);
    assert.equal(shingleHashes([]).length, 0);
    assert.equal(exactJaccard(shingleHashes(tokens), shingleHashes(tokens)), 1);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const shingles = shingleHashes(normalizedTokens(referenceNet));
    assert.deepEqual(new MinHasher().signature(shingles), hasher.signature(shingles));
    assert.notDeepEqual(new MinHasher({ numPerm: 256, randomSeed: 7 }).signature(shingles), hasher.signature(shingles));
    assert.equal(hasher.signature(shingles).length, 256);
  });

  it('estimates Jaccard within a few points of the exact value', () => {
    const a = shingleHashes(normalizedTokens(referenceNet));
    const edited = referenceNet.replace(
      'tf.layers.flatten(),',
      'tf.layers.batchNormalization(),\n tf.layers.flatten(),\n tf.layers.dense({ units: 10 }),',
    );
    const b = shingleHashes(normalizedTokens(edited));
    const exact = exactJaccard(a, b);
    assert.ok(exact > 0.7 && exact < 1, `exact ${exact}`);
    assert.ok(Math.abs(estimateSimilarity(hasher.signature(a), hasher.signature(b)) - exact) < 0.1);
  });
});

describe('LSH banding and index', () => {
  it('picks 16 bands × 16 rows for 256 permutations at 0.85', () => {
    const banding = chooseBanding(256, 0.85);
    assert.deepEqual([banding.bands, banding.rows], [16, 16]);
    assert.ok(Math.abs(banding.threshold - (1 / 16) ** (1 / 16)) < 1e-12);
    assert.throws(() => chooseBanding(256, 1.5), RangeError);
  });

  it('finds the nearest candidate, forgets removed ids and rejects wrong lengths', () => {
    const index = new LshIndex(256, chooseBanding(256, 0.85));
    const base = Uint32Array.from({ length: 256 }, (_, i) => i * 7919);
    const close = base.slice();
    close[3] = 1; // one position differs: similarity 255/256
    const far = Uint32Array.from({ length: 256 }, (_, i) => i * 104729 + 1);
    index.add('base', base);
    index.add('far', far);
    assert.deepEqual(index.nearest(close), { id: 'base', similarity: 255 / 256 });
    assert.equal(index.nearest(close, 'base'), undefined);
    assert.ok(index.remove('base'));
    assert.equal(index.nearest(close), undefined);
    assert.equal(index.size, 1);
    assert.throws(() => index.add('short', new Uint32Array(8)), RangeError);
  });
});
