// Runs the integration suite (dist/test/integration.js) inside a real VS Code extension host,
// offline: code-server + headless Chromium, the extension loaded as a development extension.
// Usage: node test/integration/runInCodeServer.mjs [--extension DIR] [--suite FILE]
//          [--timeout SECONDS] [--start-timeout SECONDS]
// Builds nothing: `npm run test:integration` bundles the suite first, `npm test` the extension.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format, parseArgs } from 'node:util';
import { repoRoot, runsRoot } from '../../scripts/codeServer/paths.mjs';
import { start } from '../../scripts/codeServer/session.mjs';
import { reportSessionState } from '../../scripts/codeServer/diagnostics.mjs';
import { integrationBundle } from './build.mjs';
import { prepareWorkspace } from './workspace.mjs';

/** Markers index.ts puts on its lines; keep in sync with `resultMarker` / `reporterPrefix` there. */
const resultMarker = 'nngpt-integration-result';
const reporterPrefix = 'nngpt-mocha| ';

const { values: options } = parseArgs({
  options: {
    extension: { type: 'string', default: repoRoot },
    suite: { type: 'string', default: integrationBundle },
    // Whole run, from starting the server to the extension host's exit.
    timeout: { type: 'string', default: process.env.NNGPT_INTEGRATION_TIMEOUT_S ?? '300' },
    // From the workbench rendering to the suite's first line: catches a suite that never starts.
    'start-timeout': { type: 'string', default: '120' },
  },
});
const extensionPath = path.resolve(options.extension);
const suitePath = path.resolve(options.suite);
const timeoutS = Number(options.timeout);
const startTimeoutS = Number(options['start-timeout']);
const startedAt = Date.now();
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;
const say = (line) => console.log(`[runner] ${line}`);

/** Fails early, with the command to run, on bad options or a bundle the run needs that is missing. */
function checkInputs() {
  for (const [flag, value] of [['--timeout', timeoutS], ['--start-timeout', startTimeoutS]]) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} must be a positive number of seconds`);
  }
  const manifestFile = path.join(extensionPath, 'package.json');
  if (!existsSync(manifestFile)) throw new Error(`${extensionPath} is not an extension folder (no package.json)`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const main = path.join(extensionPath, manifest.main ?? 'extension.js');
  if (!existsSync(main)) throw new Error(`${main} is missing; run \`npm run build\` first.`);
  if (!existsSync(suitePath)) throw new Error(`${suitePath} is missing; run \`node test/integration/build.mjs\` first.`);
}

/**
 * Routes the extension host's console: mocha's reporter lines to stdout, the result line into
 * `result`, everything else (the workbench forwards its own chatter too) into `logFile`.
 */
function consoleRouter(logFile) {
  writeFileSync(logFile, '');
  const state = { result: undefined, suiteStarted: false };
  const onLog = (type, args) => {
    const line = format(...args);
    if (line.startsWith(reporterPrefix)) {
      state.suiteStarted = true;
      process.stdout.write(`${line.slice(reporterPrefix.length)}\n`);
    } else if (line.startsWith(resultMarker)) {
      state.result = JSON.parse(line.slice(resultMarker.length));
    } else {
      appendFileSync(logFile, `[${type}] ${line}\n`);
    }
  };
  return { state, onLog };
}

/** Resolves with 'stalled' when the workbench rendered but the suite printed nothing in time. */
function watchForStall(session, state) {
  return session.waitForWorkbench(timeoutS * 1000).then(
    () => {
      say(`workbench rendered after ${elapsed()}; waiting for the extension host to run the suite`);
      return new Promise((resolve) => {
        const deadline = Date.now() + startTimeoutS * 1000;
        const poll = setInterval(() => {
          if (state.suiteStarted) clearInterval(poll);
          else if (Date.now() > deadline) {
            clearInterval(poll);
            resolve('stalled');
          }
        }, 500);
      });
    },
    () => new Promise(() => undefined), // never rendered: the overall timeout reports it
  );
}

/** Prints why the run is being abandoned and what the browser showed; returns the exit code. */
async function reportHang(session, outcome, pageErrors) {
  if (outcome === 'stalled') {
    console.error(`[runner] STALLED: the workbench rendered but the suite printed nothing within ${startTimeoutS} s (--start-timeout).`);
  } else {
    console.error(`[runner] TIMEOUT: the suite did not finish within ${timeoutS} s (raise with --timeout or NNGPT_INTEGRATION_TIMEOUT_S).`);
  }
  for (const message of pageErrors.slice(-10)) console.error(`[diagnostics] page error: ${message}`);
  await reportSessionState(session, `integration-${outcome}`);
  return 124;
}

async function main() {
  checkInputs();
  const workspace = prepareWorkspace('integration-workspace');
  const consoleLog = path.join(runsRoot, 'integration-console.log');
  const { state, onLog } = consoleRouter(consoleLog);
  let reportExit;
  const testsExited = new Promise((resolve) => (reportExit = resolve));

  say(`starting code-server + Chromium on ${path.relative(repoRoot, workspace)} (extension: ${extensionPath})`);
  const session = await start({
    workspace,
    name: 'integration',
    // Tells index.ts to prefix its reporter lines so they can be told from workbench chatter.
    env: { NNGPT_INTEGRATION_PREFIX: '1' },
    development: { extensions: [extensionPath], testsPath: suitePath },
    onLog,
    onTestsExit: (code) => reportExit(code),
  });
  const pageErrors = [];
  session.page.on('pageerror', (error) => pageErrors.push(error.message));
  say(`server up at ${session.url} after ${elapsed()}`);

  let timer;
  const timedOut = new Promise((resolve) => (timer = setTimeout(resolve, timeoutS * 1000, 'timeout')));
  let exitCode;
  try {
    const outcome = await Promise.race([testsExited, timedOut, watchForStall(session, state)]);
    exitCode = typeof outcome === 'number' ? outcome : await reportHang(session, outcome, pageErrors);
  } finally {
    clearTimeout(timer);
    await session.stop();
  }
  say(`run ended with exit code ${exitCode} after ${elapsed()}`);
  if (exitCode !== 0) say(`workbench and extension-host console: ${path.relative(repoRoot, consoleLog)}`);
  const counts = state.result;
  if (!counts) {
    console.error('[runner] the suite reported no result line (it crashed or never started); errors it logged:');
    const errors = readFileSync(consoleLog, 'utf8').split('\n').filter((line) => line.startsWith('[error]'));
    for (const line of errors.slice(-10)) console.error(`  ${line}`);
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
