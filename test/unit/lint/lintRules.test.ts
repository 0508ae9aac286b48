import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

// The repository's own eslint.config.mjs, run on in-memory snippets placed at real paths: each rule that
// carries an architecture decision must fire on the code it forbids and stay quiet on the code it allows.
const root = path.resolve(__dirname, '../../..');

/** The snippets' paths. They exist only in memory, so the type-aware rules see them in TypeScript's default project. */
const probeFiles = [
  'src/core/lintProbe.ts',
  'src/core/*/lintProbe.ts',
  'src/shared/lintProbe.ts',
  'src/host/lintProbe.ts',
  'src/host/*/lintProbe.ts',
  'src/trainer/lintProbe.ts',
  'src/distributed/lintProbe.ts',
  'webview/views/lintProbe.ts',
  'test/unit/lintProbe.test.ts',
];

/** The rule ids ESLint reports for `code` as if it were the file at `relativePath`. */
async function ruleIdsFor(eslint: ESLint, relativePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, relativePath) });
  const fatal = result.messages.filter((message) => message.fatal);
  assert.deepEqual(fatal, [], `ESLint could not parse the snippet at ${relativePath}`);
  return result.messages.map((message) => message.ruleId ?? '(none)');
}

describe('lint rules that keep the architecture', function () {
  // Type-aware rules load the TypeScript project once; later snippets reuse it.
  this.timeout(120_000);
  let eslint: ESLint;
  before(() => {
    eslint = new ESLint({
      cwd: root,
      overrideConfig: {
        files: ['**/lintProbe*.ts'],
        languageOptions: {
          parserOptions: {
            // One in-memory file per probe path; more than the default 8 of them is fine for a test.
            projectService: {
              allowDefaultProject: probeFiles,
              maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 16,
            },
          },
        },
      },
    });
  });

  const layers: Array<[string, string, string]> = [
    ['src/core/cycle/lintProbe.ts', "import { log } from '../../host/log';\nlog();\n", 'core → host'],
    ['src/core/lintProbe.ts', "export { runCli } from '../cli/main';\n", 'core → cli (re-export)'],
    [
      'src/core/training/lintProbe.ts',
      "import type { Rung } from '../../trainer/backends/rung';\nexport type R = Rung;\n",
      'core → trainer (type only)',
    ],
    ['src/core/lintProbe.ts', "export const page = import('../../webview/main');\n", 'core → webview (dynamic import)'],
    [
      'src/shared/lintProbe.ts',
      "import type { Finding } from '../core/netApi/finding';\nexport type F = Finding;\n",
      'shared → core',
    ],
    [
      'webview/views/lintProbe.ts',
      "import { checkNet } from '../../src/core/netApi/checkNet';\nexport const c = checkNet;\n",
      'webview → core',
    ],
    [
      'src/host/lintProbe.ts',
      "import { writeSampleHistory } from '../../test/unit/export/sampleHistory';\nexport const s = writeSampleHistory;\n",
      'host → test',
    ],
    ['src/trainer/lintProbe.ts', "import { log } from '../host/log';\nexport const l = log;\n", 'trainer → host'],
    [
      'src/core/training/lintProbe.ts',
      "import type { QueueTrainPort } from '../../distributed/queueTrainPort';\nexport type Q = QueueTrainPort;\n",
      'core → distributed (the queue stays out of the pure core)',
    ],
    [
      'src/distributed/lintProbe.ts',
      "import { log } from '../host/log';\nexport const l = log;\n",
      'distributed → host',
    ],
  ];
  for (const [file, code, what] of layers) {
    it(`rejects ${what}`, async () => {
      assert.ok((await ruleIdsFor(eslint, file, code)).includes('nngpt/layer-imports'));
    });
  }

  it('allows the imports the layers are built on', async () => {
    const allowed: Array<[string, string]> = [
      [
        'src/core/cycle/lintProbe.ts',
        "import type { TrainSpec } from '../../shared/trainerProtocol';\nexport type T = TrainSpec;\n",
      ],
      [
        'src/host/lintProbe.ts',
        "import type { TrainSpec } from '../shared/trainerProtocol';\nexport type T = TrainSpec;\n",
      ],
      [
        'webview/views/lintProbe.ts',
        "import type { HostToResults } from '../../src/shared/resultsProtocol';\nexport type M = HostToResults;\n",
      ],
      [
        'test/unit/lintProbe.test.ts',
        "import { checkNet } from '../../src/core/netApi/checkNet';\nexport const c = checkNet;\n",
      ],
    ];
    for (const [file, code] of allowed) assert.deepEqual(await ruleIdsFor(eslint, file, code), [], file);
  });

  it('rejects a promise that is neither awaited nor voided', async () => {
    const code = 'async function save(): Promise<void> {}\nexport function run(): void {\n  save();\n}\n';
    assert.ok(
      (await ruleIdsFor(eslint, 'src/core/lintProbe.ts', code)).includes('@typescript-eslint/no-floating-promises'),
    );
    const voided = code.replace('  save();', '  void save();');
    assert.deepEqual(await ruleIdsFor(eslint, 'src/core/lintProbe.ts', voided), []);
  });

  it('rejects a focused test', async () => {
    for (const focused of ["describe.only('a', () => {});\n", "it.only('a', () => {});\n"]) {
      assert.ok(
        (await ruleIdsFor(eslint, 'test/unit/lintProbe.test.ts', focused)).includes('no-restricted-properties'),
        focused,
      );
    }
  });

  it('rejects a settings read outside src/host/config.ts', async () => {
    const code =
      "import * as vscode from 'vscode';\nexport const n = vscode.workspace.getConfiguration('nngpt').get<number>('cycle.count', 1);\n";
    assert.ok((await ruleIdsFor(eslint, 'src/host/commands/lintProbe.ts', code)).includes('no-restricted-syntax'));
  });

  it('rejects a run-time vscode import in a pure layer', async () => {
    const code = "import * as vscode from 'vscode';\nexport const w = vscode.window;\n";
    assert.ok(
      (await ruleIdsFor(eslint, 'src/core/lintProbe.ts', code)).includes('@typescript-eslint/no-restricted-imports'),
    );
  });
});
