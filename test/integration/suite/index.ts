// Entry the extension host loads as `extensionTestsPath` for the restricted-mode suite: the
// workspace is never trusted, so these tests cover what works (and what is refused) there.
// Bundled by test/integration/build.mjs into dist/test/integration.js.
import { runMochaSuites } from '../shared/mochaHost';
import { defineActivationTests } from './activation.test';
import { defineCommandsTests } from './commands.test';
import { defineDiagnosticsTests } from './diagnostics.test';
import { defineQuickFixTests } from './quickFix.test';
import { defineTrustTests } from './trust.test';

/** Suites in run order; each calls mocha's global describe/it when invoked. */
const suites = [
  defineActivationTests,
  defineTrustTests,
  defineDiagnosticsTests,
  defineQuickFixTests,
  defineCommandsTests,
];

/**
 * Called by VS Code's extension host once the workbench is up; rejecting makes the host exit
 * with code 1, which the runner reports.
 */
export function run(): Promise<void> {
  return runMochaSuites(suites, 30_000);
}
