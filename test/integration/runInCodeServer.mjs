// Runs the integration suites inside a real VS Code extension host, offline: code-server + headless
// Chromium, the extension loaded as a development extension. Two sessions, one per suite: the
// restricted-mode suite (dist/test/integration.js, workspace never trusted) and the trusted suite
// (dist/test/integrationTrusted.js, --disable-workspace-trust; generates and trains). The last line
// sums both: `N passed, N failed`.
// Usage: node test/integration/runInCodeServer.mjs [--only restricted|trusted] [--extension DIR]
//          [--timeout SECONDS] [--start-timeout SECONDS]
// Builds nothing: `npm run test:integration` bundles the suites first, `npm test` the extension.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format, parseArgs } from 'node:util';
import { repoRoot, runsRoot } from '../../scripts/codeServer/paths.mjs';
import { start } from '../../scripts/codeServer/session.mjs';
import { reportSessionState } from '../../scripts/codeServer/diagnostics.mjs';
import { integrationBundle, trustedIntegrationBundle } from './build.mjs';
import { prepareTrustedWorkspace, prepareWorkspace } from './workspace.mjs';

/** Markers shared/mochaHost.ts puts on its lines; keep in sync with `resultMarker` / `reporterPrefix` there. */
const resultMarker = 'nngpt-integration-result';
const reporterPrefix = 'nngpt-mocha| ';

/** The suites, in run order; `timeoutS` bounds a whole session unless --timeout is given. */
const suites = {
  restricted: {
    bundle: integrationBundle,
    workspace: () => prepareWorkspace('integration-workspace'),
    disableWorkspaceTrust: false,
    timeoutS: 300,
  },
  trusted: {
    bundle: trustedIntegrationBundle,
    workspace: () => prepareTrustedWorkspace('integration-trusted-workspace'),
    disableWorkspaceTrust: true,
    timeoutS: 600,
  },
};

const { values: options } = parseArgs({
  options: {
    only: { type: 'string' },
    extension: { type: 'string', default: repoRoot },
    // Whole session, from starting the server to the extension host's exit.
    timeout: { type: 'string', default: process.env.NNGPT_INTEGRATION_TIMEOUT_S },
    // From the workbench rendering to the suite's first line: catches a suite that never starts.
    'start-timeout': { type: 'string', default: '120' },
  },
});
const extensionPath = path.resolve(options.extension);
const startTimeoutS = Number(options['start-timeout']);
const startedAt = Date.now();
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;
const say = (line) => console.log(`[runner] ${line}`);

/** Fails early, with the command to run, on bad options or a bundle the run needs that is missing. */
function checkInputs(names) {
  const numbers = [
    ['--start-timeout', startTimeoutS],
    ...(options.timeout === undefined ? [] : [['--timeout', Number(options.timeout)]]),
  ];
  for (const [flag, value] of numbers) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} must be a positive number of seconds`);
  }
  const manifestFile = path.join(extensionPath, 'package.json');
  if (!existsSync(manifestFile)) throw new Error(`${extensionPath} is not an extension folder (no package.json)`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const main = path.join(extensionPath, manifest.main ?? 'extension.js');
  if (!existsSync(main)) throw new Error(`${main} is missing; run \`npm run build\` first.`);
  for (const name of names) {
    if (!existsSync(suites[name].bundle))
      throw new Error(`${suites[name].bundle} is missing; run \`node test/integration/build.mjs\` first.`);
  }
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
      // Shown as `[vscode] …`: CI's summary counts mocha's own "N passing" lines as unit tests.
      process.stdout.write(`[vscode] ${line.slice(reporterPrefix.length)}\n`);
    } else if (line.startsWith(resultMarker)) {
      state.result = JSON.parse(line.slice(resultMarker.length));
    } else {
      appendFileSync(logFile, `[${type}] ${line}\n`);
    }
  };
  return { state, onLog };
}

/** Resolves with 'stalled' when the workbench rendered but the suite printed nothing in time. */
function watchForStall(session, state, timeoutS) {
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
async function reportHang(session, label, outcome, timeoutS, pageErrors) {
  if (outcome === 'stalled') {
    console.error(
      `[runner] STALLED: the workbench rendered but the suite printed nothing within ${startTimeoutS} s (--start-timeout).`,
    );
  } else {
    console.error(
      `[runner] TIMEOUT: the suite did not finish within ${timeoutS} s (raise with --timeout or NNGPT_INTEGRATION_TIMEOUT_S).`,
    );
  }
  for (const message of pageErrors.slice(-10)) console.error(`[diagnostics] page error: ${message}`);
  await reportSessionState(session, `${label}-${outcome}`);
  return 124;
}

/** Runs one suite in its own session; resolves with its counts and the extension host's exit code. */
async function runSuite(name) {
  const spec = suites[name];
  const label = name === 'restricted' ? 'integration' : `integration-${name}`;
  const timeoutS = options.timeout === undefined ? spec.timeoutS : Number(options.timeout);
  const workspace = spec.workspace();
  const consoleLog = path.join(runsRoot, `${label}-console.log`);
  const { state, onLog } = consoleRouter(consoleLog);
  let reportExit;
  const testsExited = new Promise((resolve) => (reportExit = resolve));

  say(
    `${name} suite: starting code-server + Chromium on ${path.relative(repoRoot, workspace)}${spec.disableWorkspaceTrust ? ' (trust disabled)' : ''}`,
  );
  const session = await start({
    workspace,
    name: label,
    // Tells mochaHost.ts to prefix its reporter lines so they can be told from workbench chatter.
    env: { NNGPT_INTEGRATION_PREFIX: '1' },
    disableWorkspaceTrust: spec.disableWorkspaceTrust,
    development: { extensions: [extensionPath], testsPath: spec.bundle },
    onLog,
    onTestsExit: (code) => reportExit(code),
  });
  const pageErrors = [];
  session.page.on('pageerror', (error) => pageErrors.push(error.message));
  // Webview pages (the results panel) report their errors only to the browser's console.
  session.page.on('console', (message) => {
    if (message.type() === 'error' && message.page() && message.location().url.includes('webview'))
      pageErrors.push(message.text());
  });
  say(`server up at ${session.url} after ${elapsed()}`);

  let timer;
  const timedOut = new Promise((resolve) => (timer = setTimeout(resolve, timeoutS * 1000, 'timeout')));
  let exitCode;
  try {
    const outcome = await Promise.race([testsExited, timedOut, watchForStall(session, state, timeoutS)]);
    exitCode = typeof outcome === 'number' ? outcome : await reportHang(session, label, outcome, timeoutS, pageErrors);
  } finally {
    clearTimeout(timer);
    await session.stop();
  }
  say(`${name} suite ended with exit code ${exitCode} after ${elapsed()}`);
  if (exitCode !== 0) {
    say(`workbench and extension-host console: ${path.relative(repoRoot, consoleLog)}`);
    for (const message of pageErrors.slice(-10)) console.error(`[diagnostics] browser error: ${message}`);
  }
  if (!state.result) {
    console.error(
      `[runner] the ${name} suite reported no result line (it crashed or never started); errors it logged:`,
    );
    const errors = readFileSync(consoleLog, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('[error]'));
    for (const line of errors.slice(-10)) console.error(`  ${line}`);
    return { passed: 0, failed: 1, pending: 0, exitCode: exitCode === 0 ? 1 : exitCode };
  }
  const counts = { passed: state.result.passed, failed: state.result.failed, pending: state.result.pending ?? 0 };
  say(`${name} suite: ${counts.passed} passed, ${counts.failed} failed`);
  return { ...counts, exitCode: counts.failed > 0 && exitCode === 0 ? 1 : exitCode };
}

async function main() {
  const names = options.only === undefined ? Object.keys(suites) : [options.only];
  if (!names.every((name) => name in suites))
    throw new Error(`--only must be one of: ${Object.keys(suites).join(', ')}`);
  checkInputs(names);
  const total = { passed: 0, failed: 0, pending: 0, exitCode: 0 };
  for (const name of names) {
    const result = await runSuite(name);
    total.passed += result.passed;
    total.failed += result.failed;
    total.pending += result.pending;
    if (total.exitCode === 0) total.exitCode = result.exitCode;
  }
  console.log(`${total.passed} passed, ${total.failed} failed${total.pending ? `, ${total.pending} pending` : ''}`);
  return total.exitCode;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[runner] ${error.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
