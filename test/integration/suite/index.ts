// Entry the extension host loads as `extensionTestsPath`: runs the suites with mocha inside the
// host, so tests see the real `vscode` API. Bundled by test/integration/build.mjs.
import Mocha from 'mocha';
import { format } from 'node:util';
import { defineActivationTests } from './activation.test';
import { defineCommandsTests } from './commands.test';
import { defineDiagnosticsTests } from './diagnostics.test';
import { defineQuickFixTests } from './quickFix.test';
import { defineTrustTests } from './trust.test';

/** Prefix of the one machine-readable line the runner parses for the pass/fail counts. */
export const resultMarker = 'nngpt-integration-result';

/**
 * Prefix on every line of mocha's reporter under code-server (env NNGPT_INTEGRATION_PREFIX=1): the
 * workbench forwards its own console chatter through the same channel, and the runner shows only
 * the reporter's lines (the rest goes to a log file). The Electron route prints lines as they are.
 */
export const reporterPrefix = 'nngpt-mocha| ';

/** Suites in run order; each calls mocha's global describe/it when invoked. */
const suites = [defineActivationTests, defineTrustTests, defineDiagnosticsTests, defineQuickFixTests, defineCommandsTests];

/**
 * Called by VS Code's extension host once the workbench is up; rejecting makes the host exit
 * with code 1, which the runner reports.
 */
export async function run(): Promise<void> {
  if (process.env.NNGPT_INTEGRATION_PREFIX === '1') {
    Mocha.reporters.Base.consoleLog = (...data: unknown[]) => console.log(reporterPrefix + format(...data));
  }
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30_000 });
  // Installs describe/it/before... on globalThis, as mocha does before loading a spec file.
  mocha.suite.emit('pre-require', globalThis, 'integration', mocha);
  for (const define of suites) define();
  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats ?? { passes: 0, failures: 1, pending: 0 } as Mocha.Stats));
  });
  console.log(`${resultMarker} ${JSON.stringify({ passed: stats.passes, failed: stats.failures, pending: stats.pending })}`);
  if (stats.failures > 0) throw new Error(`${stats.failures} integration test(s) failed`);
}
