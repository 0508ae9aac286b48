import * as assert from 'node:assert/strict';
import { parseHyperparameters, resolveHyperparameters } from '../../../src/core/generate/hyperparameters';

function parsedOk(text: string | undefined) {
  const result = parseHyperparameters(text);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.values;
}

function parseError(text: string): string {
  const result = parseHyperparameters(text);
  assert.ok(!result.ok, 'expected a parse error');
  return result.message;
}

describe('hyperparameters', () => {
  it('parses YAML and JSON, nested under hyperparameters: or flat', () => {
    assert.deepEqual(parsedOk('lr: 1e-3\nmomentum: 0.9\nbatch: 128\n'), { lr: 0.001, momentum: 0.9, batch: 128 });
    assert.deepEqual(parsedOk('{"lr": 0.5, "dropout": 0.5}'), { lr: 0.5, dropout: 0.5 });
    assert.deepEqual(parsedOk('hyperparameters:\n  lr: 0.1\n  width: 0.25\n'), { lr: 0.1, width: 0.25 });
  });

  it('treats an absent or empty block as no values', () => {
    assert.deepEqual(parsedOk(undefined), {});
    assert.deepEqual(parsedOk('  \n'), {});
  });

  it("enforces LEMUR's ranges with messages naming key, value and range", () => {
    assert.equal(parseError('lr: 0'), 'Hyperparameters out of range: lr = 0 must be a number in (0, 1].');
    assert.match(
      parseError('lr: 1.5\nmomentum: -0.1'),
      /lr = 1\.5 must be a number in \(0, 1\]; momentum = -0\.1 must be a number in \[0, 1\]/,
    );
    assert.match(parseError('dropout: 0.6'), /dropout = 0\.6 must be a number in \[0, 0\.5\]/);
    assert.match(parseError('batch: 100'), /batch = 100 must be a number a power of two from 1 to 4096/);
    assert.match(parseError('batch: 8192'), /batch = 8192/);
    assert.match(parseError('width: 2'), /width = 2 must be a number in \[0, 1\]/);
    assert.match(parseError('lr: fast'), /lr = "fast" must be a number/);
  });

  it('accepts the range edges', () => {
    assert.deepEqual(parsedOk('lr: 1\nmomentum: 0\ndropout: 0.5\nbatch: 1\nother: 1'), {
      lr: 1,
      momentum: 0,
      dropout: 0.5,
      batch: 1,
      other: 1,
    });
    assert.deepEqual(parsedOk('batch: 4096'), { batch: 4096 });
  });

  it('rejects malformed YAML and non-mappings clearly', () => {
    assert.match(parseError('lr: [0.1'), /not valid YAML/);
    assert.match(parseError('- 0.1\n- 0.2'), /mapping of names to numbers/);
    assert.match(parseError('"bad key": 0.1'), /mapping of names to numbers/);
  });

  it('fills defaults for declared keys and batch, drops undeclared keys', () => {
    assert.deepEqual(resolveHyperparameters({ lr: 0.05, unused: 0.3 }, ['lr', 'momentum', 'dropout', 'width']), {
      lr: 0.05,
      momentum: 0.9,
      dropout: 0.2,
      width: 0.5,
      batch: 64,
    });
  });
});
