// Runs the integration suite (dist/test/integration.js) inside a real VS Code extension host,
// offline: code-server + headless Chromium, the extension loaded as a development extension.
// Usage: node test/integration/runInCodeServer.mjs [--extension DIR] [--timeout SECONDS]
// Builds nothing: `npm run test:integration` bundles the suite first, `npm test` the extension.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format, parseArgs } from 'node:util';
import { repoRoot, runsRoot } from '../../scripts/codeServer/paths.mjs';
import { start } from '../../scripts/codeServer/session.mjs';
import { reportSessionState } from '../../scripts/codeServer/diagnostics.mjs';
import { integrationBundle as suiteBundle } from './build.mjs';
import { prepareWorkspace } from './workspace.mjs';

/** Markers index.ts puts on its lines; keep in sync with `resultMarker` / `reporterPrefix` there. */
const resultMarker = 'nngpt-integration-result';
const reporterPrefix = 'nngpt-mocha| ';

const { values: options } = parseArgs({
  options: {
    extension: { type: 'string', default: repoRoot },
    timeout: { type: 'string', default: process.env.NNGPT_INTEGRATION_TIMEOUT_S ?? '300' },
  },
});
const extensionPath = path.resolve(options.extension);
const timeoutS = Number(options.timeout);
const startedAt = Date.now();
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;
const say = (line) => console.log(`[runner] ${line}`);

/** Fails early, with the command to run, when a bundle the run needs is missing. */
function checkBuilt() {
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new Error(`--timeout must be a positive number of seconds, got ${options.timeout}`);
  const manifest = JSON.parse(readFileSync(path.join(extensionPath, 'package.json'), 'utf8'));
  const main = path.join(extensionPath, manifest.main ?? 'extension.js');
  if (!existsSync(main)) throw new Error(`${main} is missing; run \`npm run build\` first.`);
  if (!existsSync(suiteBundle)) throw new Error(`${suiteBundle} is missing; run \`node test/integration/build.mjs\` first.`);
}

async function main() {
  checkBuilt();
  const workspace = prepareWorkspace('integration-workspace');
  let counts;
  let reportExit;
  const testsExited = new Promise((resolve) => (reportExit = resolve));
  // Mocha's reporter lines go to stdout; the workbench's and extension host's own console output
  // comes through the same channel and goes to a log file that is named when something fails.
  const consoleLog = path.join(runsRoot, 'integration-console.log');
  writeFileSync(consoleLog, '');
  const onLog = (type, args) => {
    const line = format(...args);
    if (line.startsWith(reporterPrefix)) process.stdout.write(`${line.slice(reporterPrefix.length)}\n`);
    else if (line.startsWith(resultMarker)) counts = JSON.parse(line.slice(resultMarker.length));
    else appendFileSync(consoleLog, `[${type}] ${line}\n`);
  };

  say(`starting code-server + Chromium on ${path.relative(repoRoot, workspace)} (extension: ${extensionPath})`);
  const session = await start({
    workspace,
    name: 'integration',
    // Tells index.ts to prefix its reporter lines so they can be told from workbench chatter.
    env: { NNGPT_INTEGRATION_PREFIX: '1' },
    development: { extensions: [extensionPath], testsPath: suiteBundle },
    onLog,
    onTestsExit: (code) => reportExit(code),
  });
  const pageErrors = [];
  session.page.on('pageerror', (error) => pageErrors.push(error.message));
  say(`server up at ${session.url} after ${elapsed()}`);
  session.waitForWorkbench(120_000).then(
    () => say(`workbench rendered after ${elapsed()}; waiting for the extension host to run the suite`),
    () => undefined,
  );

  let timer;
  const timedOut = new Promise((resolve) => (timer = setTimeout(resolve, timeoutS * 1000, 'timeout')));
  let exitCode;
  try {
    const outcome = await Promise.race([testsExited, timedOut]);
    if (outcome === 'timeout') {
      console.error(`[runner] TIMEOUT: the suite did not finish within ${timeoutS} s (raise with --timeout or NNGPT_INTEGRATION_TIMEOUT_S).`);
      for (const message of pageErrors.slice(-10)) console.error(`[diagnostics] page error: ${message}`);
      await reportSessionState(session, 'integration-timeout');
      exitCode = 124;
    } else {
      exitCode = outcome;
    }
  } finally {
    clearTimeout(timer);
    await session.stop();
  }
  say(`extension host exit code ${exitCode}; total ${elapsed()}`);
  if (exitCode !== 0) say(`workbench and extension-host console: ${path.relative(repoRoot, consoleLog)}`);
  if (!counts) {
    console.error('[runner] the suite reported no result line (it crashed or never started)');
    console.log('0 passed, 1 failed');
    return exitCode === 0 ? 1 : exitCode;
  }
  console.log(`${counts.passed} passed, ${counts.failed} failed${counts.pending ? `, ${counts.pending} pending` : ''}`);
  return counts.failed > 0 && exitCode === 0 ? 1 : exitCode;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[runner] ${error.message}`);
    process.exit(1);
  },
);
