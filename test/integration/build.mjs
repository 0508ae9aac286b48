// Bundles the extension-host test suites (mocha included) into dist/test/: the extension host is a
// plain Node process that cannot load TypeScript or resolve tsx. Two bundles, one per workspace
// kind: integration.js (restricted mode) and integrationTrusted.js (trusted; trains and generates).
import esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The restricted-mode suite the runners pass as extensionTestsPath. */
export const integrationBundle = path.join(root, 'dist', 'test', 'integration.js');

/** The trusted-workspace suite. */
export const trustedIntegrationBundle = path.join(root, 'dist', 'test', 'integrationTrusted.js');

const entries = [
  [path.join(root, 'test', 'integration', 'suite', 'index.ts'), integrationBundle],
  [path.join(root, 'test', 'integration', 'suiteTrusted', 'index.ts'), trustedIntegrationBundle],
];

/** Builds both bundles; throws with esbuild's messages when a suite does not compile. */
export async function buildIntegrationSuite() {
  await Promise.all(
    entries.map(([entry, outfile]) =>
      esbuild.build({
        entryPoints: [entry],
        outfile,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        sourcemap: true,
        external: ['vscode'],
        logLevel: 'warning',
        // Only mocha's parallel mode, never used here, resolves files beside itself.
        logOverride: { 'require-resolve-not-external': 'silent' },
      }),
    ),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildIntegrationSuite().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
