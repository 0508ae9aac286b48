// Lint rules that carry architecture: the layers import one way (see CONTRIBUTING.md's table), the pure
// layers never import `vscode` at run time, no promise is dropped unawaited, and no `.only` reaches CI.
// test/unit/lint/lintRules.test.ts proves that each of these rules fires.
import tseslint from 'typescript-eslint';
import { layerImports } from './scripts/eslint/layerImports.mjs';

const root = import.meta.dirname;
const pureLayers = [
  'src/core/**/*.ts',
  'src/shared/**/*.ts',
  'src/trainer/**/*.ts',
  'src/cli/**/*.ts',
  'src/distributed/**/*.ts',
  'webview/**/*.ts',
];
const editorOnly = ['src/host', 'src/extension.ts'];

/** Where each layer may not reach; relative imports are resolved before they are compared. */
const layerZones = [
  {
    from: 'src/core',
    forbid: [...editorOnly, 'src/cli', 'src/trainer', 'src/distributed', 'webview', 'test'],
    message: 'src/core is the pure layer: it imports only src/core, src/shared and packages.',
  },
  {
    from: 'src/shared',
    forbid: [...editorOnly, 'src/cli', 'src/trainer', 'src/distributed', 'webview', 'src/core', 'test'],
    message: 'src/shared holds the types every process shares: it imports only src/shared and packages.',
  },
  {
    from: 'webview',
    allowOnly: ['webview', 'src/shared'],
    message: 'the results page runs in the webview: it imports only webview/ and src/shared.',
  },
  {
    from: 'src/trainer',
    forbid: [...editorOnly, 'src/cli', 'webview', 'test'],
    message: 'the trainer is its own process: it imports only src/trainer, src/core, src/shared and packages.',
  },
  {
    from: 'src/distributed',
    forbid: [...editorOnly, 'src/cli', 'src/trainer', 'webview', 'test'],
    message:
      'src/distributed is the worker queue (BullMQ on Redis): it imports only src/distributed, src/core, src/shared and packages.',
  },
  {
    from: 'src/cli',
    forbid: [...editorOnly, 'src/trainer', 'webview', 'test'],
    message:
      'the CLI runs without VS Code and spawns the trainer bundle: it imports only src/cli, src/core, src/shared.',
  },
  {
    from: 'src',
    forbid: ['test', 'webview'],
    message: 'production code never imports test code or the webview bundle.',
  },
];

/** `describe.only` and friends: one left in a test file silently skips the rest of the suite. */
const onlyCalls = ['describe', 'it', 'context', 'suite', 'test', 'specify'].map((object) => ({
  object,
  property: 'only',
  message: 'A focused test skips every other test; remove `.only` before committing.',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/fixtures/**', '.cache/**', 'out/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    plugins: { nngpt: { rules: { 'layer-imports': layerImports } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports' },
      ],
      'no-console': 'off',
      'nngpt/layer-imports': ['error', { root, zones: layerZones }],
    },
  },
  {
    files: pureLayers,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              message: 'Pure layers must not import vscode at run time (type-only imports are allowed).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'test/**/*.mjs'],
    rules: { 'no-restricted-properties': ['error', ...onlyCalls] },
  },
  {
    // src/host/config.ts is the one reader of `nngpt.*` settings, with the defaults package.json declares.
    files: ['src/**/*.ts'],
    ignores: ['src/host/config.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='getConfiguration']",
          message: 'Read settings through src/host/config.ts (it holds their defaults); add the setting there.',
        },
      ],
    },
  },
  {
    // Shipped extension code logs through the LogOutputChannel, never the console.
    files: ['src/host/**/*.ts', 'src/extension.ts'],
    rules: { 'no-console': 'error' },
  },
);
