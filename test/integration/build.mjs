// Bundles the extension-host test suite (mocha included) into dist/test/integration.js: the
// extension host is a plain Node process that cannot load TypeScript or resolve tsx.
import esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Output file the runners pass as extensionTestsPath. */
export const integrationBundle = path.join(root, 'dist', 'test', 'integration.js');

/** Builds the bundle; throws with esbuild's messages when the suite does not compile. */
export async function buildIntegrationSuite() {
  await esbuild.build({
    entryPoints: [path.join(root, 'test', 'integration', 'suite', 'index.ts')],
    outfile: integrationBundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    external: ['vscode'],
    logLevel: 'warning',
    // Only mocha's parallel mode, never used here, resolves files beside itself.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildIntegrationSuite().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
