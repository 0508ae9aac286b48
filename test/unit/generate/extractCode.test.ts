import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { braceBalance } from '../../../src/core/generate/braceBalance';
import { extractCode, stripThinking } from '../../../src/core/generate/extractCode';

const net = readFileSync(join(__dirname, '../../../examples/nets/referenceCnn.net.ts'), 'utf8');
const fence = (lang: string, code: string) => '```' + lang + '\n' + code + '```\n';

function extracted(reply: string, finishReason?: string): string {
  const result = extractCode(reply, finishReason);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.code;
}

function failed(reply: string, finishReason?: string) {
  const result = extractCode(reply, finishReason);
  assert.ok(!result.ok, 'expected extraction to fail');
  return result;
}

describe('extractCode', () => {
  it('takes a clean fenced block whole', () => {
    assert.equal(extracted(fence('ts', net)), net);
  });

  it('ignores prose around the block and reads the YAML block', () => {
    const result = extractCode(
      `Here is the variant.\n\n${fence('yaml', 'lr: 0.02\nmomentum: 0.8\n')}\n${fence('typescript', net)}\nIt adds nothing.`,
    );
    assert.ok(result.ok);
    assert.equal(result.code, net);
    assert.equal(result.source, 'fenced');
    assert.equal(result.hyperparameterText, 'lr: 0.02\nmomentum: 0.8\n');
  });

  it('prefers the <nn> tagged block over fences, and reads <hp>', () => {
    const helper = 'export class Helper { run(): number { return 42 + 42 + 42 + 42 + 42 + 42; } }\n';
    const result = extractCode(`${fence('ts', helper)}<hp>\nlr: 0.05\n</hp>\n<nn>\n${net}</nn>`);
    assert.ok(result.ok);
    assert.equal(result.source, 'tagged');
    assert.equal(result.code.trim(), net.trim());
    assert.equal(result.hyperparameterText?.trim(), 'lr: 0.05');
  });

  it('unwraps a fence inside the tag', () => {
    assert.equal(extracted(`<nn>\n${fence('ts', net)}</nn>`), net);
  });

  it('with several blocks picks the one that looks like the Net', () => {
    const usage =
      "import * as tf from '@tensorflow/tfjs';\nclass Example { run() { const net = tf.sequential(); return net.summary(); } }\n";
    const reply = `First a usage example:\n${fence('ts', usage)}Then the module:\n${fence('ts', net)}And a note:\n${fence('js', 'console.log("done");\n')}`;
    assert.equal(extracted(reply), net);
  });

  it('strips <think> blocks, even one with code in it, and an unterminated one', () => {
    const decoy = fence('ts', 'export class Net { forward() { return 1; } } // draft, thought about only');
    assert.equal(extracted(`<think>Plan: ${decoy}</think>\n${fence('ts', net)}`), net);
    assert.equal(stripThinking('answer <think>still thinking'), 'answer ');
    assert.equal(stripThinking('hidden reasoning</think>shown'), 'shown');
    assert.match(
      failed('<think>I will now write the code: ```ts\nexport class Net {', 'length').message,
      /no TypeScript code \(it ended inside a <think> block\)/,
    );
  });

  it('falls back to a bare module when there is no fence', () => {
    const module = net.slice(net.indexOf('import '));
    assert.equal(extracted(`Sure, here it is:\n${module}`), module);
  });

  it('reports no code as a failure the model can act on', () => {
    const result = failed('I cannot help with designing this network, sorry.');
    assert.equal(result.truncated, false);
    assert.match(result.message, /no TypeScript code.*exactly one ```ts code block/);
  });

  it('names the language of a non-TypeScript block instead of parsing it as bare code', () => {
    const python =
      'import torch\nimport torch.nn as nn\n\nclass Net(nn.Module):\n    def __init__(self, in_shape, out_shape, prm, device):\n        super().__init__()\n';
    const result = failed(fence('python', python));
    assert.match(result.message, /The reply's code is python, not TypeScript/);
  });

  it('rejects a block that is too short or has no class', () => {
    assert.match(failed(fence('ts', 'class Net {}\n')).message, /too short or declares no class/);
    assert.match(
      failed(fence('ts', 'export function supportedHyperparameters(): string[] { return ["lr", "momentum"]; }\n'))
        .message,
      /declares no class/,
    );
  });

  it('detects truncation: an unterminated fence', () => {
    const cut = net.slice(0, Math.floor(net.length * 0.6));
    const result = failed('```ts\n' + cut, 'length');
    assert.equal(result.truncated, true);
    assert.match(result.message, /cut off before its end \(\d+ '\{' never closed\)/);
  });

  it('detects truncation: a closed fence whose braces do not balance', () => {
    const cut = net.slice(0, net.lastIndexOf('}'));
    const result = failed(fence('ts', cut + '\n'));
    assert.equal(result.truncated, true);
  });

  it('accepts a complete block even when the finish reason is length', () => {
    assert.equal(extracted(fence('ts', net) + 'Some trailing prose that was cut', 'length'), net);
  });

  it('rejects a stray closing brace as a parse error, not truncation', () => {
    const result = failed(fence('ts', net + '}\n'));
    assert.equal(result.truncated, false);
    assert.match(result.message, /has no matching '\{'/);
  });
});

describe('braceBalance', () => {
  it('ignores braces in strings, comments, regexes-free templates', () => {
    assert.deepEqual(braceBalance("const a = '{'; // }}\n/* { */ const t = `x${ {a: 1}.a }y${'}'}`;"), {
      open: 0,
      unterminatedLiteral: false,
    });
  });
  it('counts open braces and unterminated literals', () => {
    assert.deepEqual(braceBalance('class A { f() { return `abc'), { open: 2, unterminatedLiteral: true });
    assert.equal(braceBalance('}').open, -1);
  });
});
