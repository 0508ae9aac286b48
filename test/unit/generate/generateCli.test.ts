import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GenerateIo } from '../../../src/cli/generate';
import { runGenerate } from '../../../src/cli/generate';
import { checkNet } from '../../../src/core/netApi/checkNet';
import type { FakeOpenAiServer } from '../../support/fakeOpenAiServer';
import { startFakeOpenAiServer } from '../../support/fakeOpenAiServer';

const trainerBundle = join(__dirname, '../../../dist/trainer.js');
const seedCode = readFileSync(join(__dirname, '../../../examples/nets/referenceCnn.net.ts'), 'utf8');

/** Runs the command with captured output. */
async function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string; json: Record<string, unknown> }> {
  let stdout = '';
  let stderr = '';
  const io: GenerateIo = { env, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  const code = await runGenerate(args, io);
  return { code, stdout, stderr, json: stdout.startsWith('{') ? (JSON.parse(stdout) as Record<string, unknown>) : {} };
}

describe('nngpt generate', () => {
  let dir: string;
  let seed: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nngpt-generate-'));
    seed = join(dir, 'cnn.net.ts');
    writeFileSync(seed, seedCode);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('offline: writes a checked mutation beside the seed and prints a JSON summary', async () => {
    const first = await run([seed, '--seed', '4', '--quiet', '--no-exec']);
    assert.equal(first.code, 0, first.stderr + first.stdout);
    assert.equal(first.stderr, '');
    assert.equal(first.json.generator, 'mutation');
    assert.ok(['novel', 'near-duplicate'].includes(first.json.status as string));
    assert.equal(first.json.file, join(dir, 'cnn.v1.net.ts'));
    const variant = readFileSync(join(dir, 'cnn.v1.net.ts'), 'utf8');
    assert.notEqual(variant, seedCode);
    assert.deepEqual(
      checkNet(variant, 'cnn.v1.net.ts').findings.filter((f) => f.severity === 'error'),
      [],
    );
    const second = await run([seed, '--seed', '5', '--quiet', '--no-exec']);
    assert.equal(second.json.file, join(dir, 'cnn.v2.net.ts'));
    assert.deepEqual(readdirSync(dir).sort(), ['cnn.net.ts', 'cnn.v1.net.ts', 'cnn.v2.net.ts']);
  });

  it('--name sets the file-name pattern', async () => {
    const result = await run([seed, '--seed', '2', '--quiet', '--no-exec', '--name', '{stem}-gen{n}']);
    assert.equal(result.json.file, join(dir, 'cnn-gen1.net.ts'));
  });

  it('offline: the same seed gives the same variant', async () => {
    const a = await run([seed, '--seed', '9', '--quiet', '--no-exec', '--out', join(dir, 'a.ts')]);
    const b = await run([seed, '--seed', '9', '--quiet', '--no-exec', '--out', join(dir, 'b.ts')]);
    assert.equal(a.json.id, b.json.id);
    assert.equal(readFileSync(join(dir, 'a.ts'), 'utf8'), readFileSync(join(dir, 'b.ts'), 'utf8'));
  });

  describe('--llm against a local OpenAI-compatible server', () => {
    let server: FakeOpenAiServer;
    beforeEach(async () => (server = await startFakeOpenAiServer()));
    afterEach(() => server.close());

    it('sends the flags and writes the reply', async () => {
      const variant = seedCode
        .replace('units: 64', 'units: 96')
        .replace(
          'tf.layers.flatten(),',
          "tf.layers.conv2d({ filters: 48, kernelSize: 1, activation: 'relu' }),\n        tf.layers.flatten(),",
        );
      server.script({ text: '```yaml\nlr: 0.05\n```\n```ts\n' + variant + '```' });
      const args = [
        seed,
        '--llm',
        '--base-url',
        server.baseUrl,
        '--model',
        'coder-7b',
        '--extra-body',
        '{"top_k": 50}',
        '--k',
        '2',
        '--dataset',
        'mnist',
        '--quiet',
        '--no-exec',
      ];
      const result = await run(args, { OPENAI_API_KEY: 'sk-cli' });
      assert.equal(result.code, 0, result.stdout + result.stderr);
      // A small edit of the seed, which sits in the same folder: the folder's novelty index says so.
      assert.equal(result.json.status, 'near-duplicate');
      assert.equal((result.json.nearest as { id: string }).id, 'cnn.net.ts');
      assert.equal(readFileSync(join(dir, 'cnn.v1.net.ts'), 'utf8'), variant);
      assert.deepEqual(result.json.hyperparameters, { lr: 0.05, momentum: 0.9, dropout: 0.2, batch: 64 });
      assert.equal((result.json.snippets as string[]).length, 2);
      const sent = server.requests[0];
      assert.equal(sent.authorization, 'Bearer sk-cli');
      assert.deepEqual(
        [sent.body.model, sent.body.top_k, sent.body.temperature, sent.body.top_p, sent.body.max_tokens],
        ['coder-7b', 50, 0.2, 0.9, 2048],
      );
      const user = (sent.body.messages as { role: string; content: string }[])[1].content;
      assert.match(user, /Fashion|MNIST/);
      assert.match(user, /\[28, 28, 1\]/);
    });

    it('--edit-format diff asks for SEARCH/REPLACE blocks, repairs one that does not match, and applies the next', async () => {
      const block = (search: string, replace: string) =>
        `<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE`;
      const flatten = seedCode.split('\n').find((l) => l.includes('tf.layers.flatten()')) ?? '∅';
      const conv = flatten.replace(
        'tf.layers.flatten()',
        "tf.layers.conv2d({ filters: 24, kernelSize: 1, activation: 'relu' })",
      );
      server.script(
        { text: '```yaml\nlr: 0.02\n```\n' + block('        tf.layers.notInTheSeed(),', conv) },
        { text: '```yaml\nlr: 0.02\n```\n' + block(flatten, `${conv}\n${flatten}`) },
      );
      const args = [seed, '--llm', '--base-url', server.baseUrl, '--edit-format', 'diff', '--quiet', '--no-exec'];
      const result = await run(args);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.equal(result.json.editOutcome, 'diff repaired');
      assert.equal(readFileSync(join(dir, 'cnn.v1.net.ts'), 'utf8'), seedCode.replace(flatten, `${conv}\n${flatten}`));
      assert.equal(server.requests.length, 2);
      const [first, repair] = server.requests.map((r) =>
        (r.body.messages as { content: string }[]).map((m) => m.content).join('\n'),
      );
      assert.match(first, /SEARCH\/REPLACE blocks/);
      assert.match(repair, /Block 1/);
      assert.equal((result.json.hyperparameters as Record<string, number>).lr, 0.02);
    });

    it('--edit-format full asks for the whole file even from a long seed; a bad value is a usage error', async () => {
      const long = seedCode + '\n'.repeat(70);
      writeFileSync(seed, long);
      server.script({ text: '```ts\n' + long.replace('units: 64', 'units: 72') + '```' });
      const result = await run([
        seed,
        '--llm',
        '--base-url',
        server.baseUrl,
        '--edit-format',
        'full',
        '--quiet',
        '--no-exec',
      ]);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.equal(result.json.editOutcome, 'full');
      const user = (server.requests[0].body.messages as { content: string }[]).map((m) => m.content).join('\n');
      assert.doesNotMatch(user, /SEARCH\/REPLACE/);
      const bad = await run([seed, '--edit-format', 'patch']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--edit-format needs one of full, diff, auto, got 'patch'/);
    });

    it('a reply equal to a Net already in the folder is a duplicate and is not written', async () => {
      const sibling = seedCode.replace('units: 64', 'units: 80');
      writeFileSync(join(dir, 'cnn.v1.net.ts'), sibling);
      server.script({ text: '```ts\n' + sibling.replace(/\n\n/g, '\n') + '```' });
      const result = await run([seed, '--llm', '--base-url', server.baseUrl, '--quiet', '--no-exec'], {});
      assert.equal(result.code, 1);
      assert.equal(result.json.status, 'duplicate');
      assert.deepEqual(result.json.nearest, { id: 'cnn.v1.net.ts', similarity: 1 });
      assert.deepEqual(readdirSync(dir).sort(), ['cnn.net.ts', 'cnn.v1.net.ts']);
    });

    it("runs the trainer's execution check and repairs what it finds (needs the built dist/trainer.js)", async function () {
      if (!existsSync(trainerBundle)) this.skip(); // `npm test` builds first; a bare `mocha` on a fresh checkout has no bundle
      this.timeout(60_000);
      const variant = seedCode.replace(
        'tf.layers.flatten(),',
        "tf.layers.conv2d({ filters: 24, kernelSize: 1, activation: 'relu' }),\n        tf.layers.flatten(),",
      );
      const wrongOutput = variant.replace('units: outShape[0]', 'units: 7');
      server.script({ text: '```ts\n' + wrongOutput + '```' }, { text: '```ts\n' + variant + '```' });
      const result = await run(
        [
          seed,
          '--llm',
          '--base-url',
          server.baseUrl,
          '--quiet',
          '--dataset',
          'fashion-mnist',
          '--trainer',
          trainerBundle,
          '--name',
          '{stem}-x{n}',
        ],
        {},
      );
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.equal(result.json.executed, true);
      const attempts = result.json.attempts as { error: string | null }[];
      assert.equal(attempts.length, 2);
      assert.match(
        attempts[0].error ?? '',
        /^The execution check failed: forward\(\) returned shape \[\d+, 7\] .* \[\d+, 10\]/,
      );
      assert.match(
        server.requests[1].body.messages ? JSON.stringify(server.requests[1].body.messages) : '',
        /Repair attempt 1 of 2/,
      );
      assert.equal(readFileSync(join(dir, 'cnn-x1.net.ts'), 'utf8'), variant);
    });

    it('a rejected key exits 1 with the reason, and writes nothing', async () => {
      server.script({ status: 401, message: 'bad key' });
      const result = await run([seed, '--llm', '--base-url', server.baseUrl, '--quiet', '--no-exec'], {
        OPENAI_API_KEY: 'wrong',
      });
      assert.equal(result.code, 1);
      assert.equal(result.json.status, 'failed');
      assert.match(result.json.message as string, /rejected the API key/);
      assert.equal(result.json.file, null);
      assert.deepEqual(readdirSync(dir), ['cnn.net.ts']);
    });
  });

  it('refuses a remote endpoint without a key, and bad usage, with exit code 2', async () => {
    const noKey = await run([seed, '--llm', '--base-url', 'https://api.example.com/v1']);
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /needs an API key in OPENAI_API_KEY/);
    for (const [args, pattern] of [
      [[seed, '--k', '11'], /--k needs a whole number from 1 to 10, got '11'/],
      [[seed, '--bogus'], /unknown option '--bogus'/],
      [[], /no Net file given/],
      [[seed, '--extra-body', '[1]'], /--extra-body needs a JSON object/],
      [[seed, '--model'], /--model needs a value/],
      [[seed, '--name', '{stem}-copy'], /--name: the variant file-name pattern "\{stem\}-copy" needs \{n\}/],
      [[join(dir, 'missing.net.ts')], /cannot read '.*missing\.net\.ts': ENOENT/],
    ] as const) {
      const result = await run([...args]);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, pattern);
    }
  });

  it('--help prints the options', async () => {
    const result = await run(['--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /usage: nngpt generate \[options\] <net>/);
  });
});
