// Runs mocha inside the extension host for one suite bundle: the reporter's lines get a prefix the
// code-server runner picks out of the workbench's console chatter, and one machine-readable line
// carries the counts. Both suites' index.ts call this; bundled by test/integration/build.mjs.
import Mocha from 'mocha';
import { format } from 'node:util';

/** Prefix of the one machine-readable line the runner parses for the pass/fail counts. */
export const resultMarker = 'nngpt-integration-result';

/**
 * Prefix on every line of mocha's reporter under code-server (env NNGPT_INTEGRATION_PREFIX=1): the
 * workbench forwards its own console chatter through the same channel, and the runner shows only
 * the reporter's lines (the rest goes to a log file). The Electron route prints lines as they are.
 * Keep both markers in sync with test/integration/runInCodeServer.mjs.
 */
export const reporterPrefix = 'nngpt-mocha| ';

/**
 * Runs the suites (each calls mocha's global describe/it when invoked) and resolves when they are
 * done; rejects when a test failed, which makes the extension host exit with code 1.
 * @param suites suite definers in run order
 * @param timeoutMs mocha's per-test timeout
 */
export async function runMochaSuites(suites: readonly (() => void)[], timeoutMs: number): Promise<void> {
  if (process.env.NNGPT_INTEGRATION_PREFIX === '1') {
    Mocha.reporters.Base.consoleLog = (...data: unknown[]) => console.log(reporterPrefix + format(...data));
  }
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: timeoutMs, forbidOnly: true });
  // Installs describe/it/before... on globalThis, as mocha does before loading a spec file.
  mocha.suite.emit('pre-require', globalThis, 'integration', mocha);
  for (const define of suites) define();
  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats ?? ({ passes: 0, failures: 1, pending: 0 } as Mocha.Stats)));
  });
  console.log(
    `${resultMarker} ${JSON.stringify({ passed: stats.passes, failed: stats.failures, pending: stats.pending })}`,
  );
  if (stats.failures > 0) throw new Error(`${stats.failures} integration test(s) failed`);
}
