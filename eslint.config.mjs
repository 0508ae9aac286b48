// Lint rules that carry architecture: the pure layers never import `vscode` at run time.
import tseslint from 'typescript-eslint';

const pureLayers = ['src/core/**/*.ts', 'src/shared/**/*.ts', 'src/trainer/**/*.ts', 'src/cli/**/*.ts', 'webview/**/*.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/fixtures/**', '.cache/**', 'out/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: pureLayers,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Pure layers must not import vscode at run time (type-only imports are allowed).', allowTypeImports: true }],
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
