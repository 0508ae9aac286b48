// End-to-end in a real browser driving the real VS Code, offline: code-server + Debian's Chromium,
// the extension loaded as a development extension, a trusted copy of the fixture workspace whose
// settings train briefly on Fashion-MNIST. Steps run in order, as a user would; each saves a
// screenshot to test-results/e2e-<n>-<step>.png. A failed step ends the run: the steps after it
// count as failed. Last line: `N passed, N failed`.
// Usage: node test/e2e/run.mjs [--extension DIR] [--timeout SECONDS]   (needs `npm run build`)
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { reportSessionState } from '../../scripts/codeServer/diagnostics.mjs';
import { repoRoot } from '../../scripts/codeServer/paths.mjs';
import { start } from '../../scripts/codeServer/session.mjs';
import { prepareTrustedWorkspace } from '../integration/workspace.mjs';
import { steps } from './steps.mjs';
import { screenshot } from './workbench.mjs';

const { values: options } = parseArgs({
  options: {
    extension: { type: 'string', default: repoRoot },
    // The whole run, server start to the last step.
    timeout: { type: 'string', default: process.env.NNGPT_E2E_TIMEOUT_S ?? '600' },
  },
});
const extensionPath = path.resolve(options.extension);
const timeoutS = Number(options.timeout);
const startedAt = Date.now();
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;
const say = (line) => console.log(`[e2e] ${line}`);

/** Runs every step against one session; returns the pass/fail counts. */
async function runSteps(session, workspace) {
  const counts = { passed: 0, failed: 0 };
  const context = { page: session.page, workspace };
  for (const [index, step] of steps.entries()) {
    const label = `${index + 1}-${step.name}`;
    if (counts.failed > 0) {
      console.log(`  ✘ ${step.title} (not run: an earlier step failed)`);
      counts.failed++;
      continue;
    }
    const stepStart = Date.now();
    try {
      await step.run(context);
      const shot = await screenshot(session.page, label);
      console.log(
        `  ✔ ${step.title} (${((Date.now() - stepStart) / 1000).toFixed(1)} s) → ${path.relative(repoRoot, shot)}`,
      );
      counts.passed++;
    } catch (error) {
      console.log(
        `  ✘ ${step.title}\n      ${String(error instanceof Error ? error.message : error)
          .split('\n')
          .join('\n      ')}`,
      );
      counts.failed++;
      await reportSessionState(session, `e2e-${label}-failed`);
    }
  }
  return counts;
}

async function main() {
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new Error('--timeout must be a positive number of seconds');
  if (!existsSync(path.join(extensionPath, 'dist', 'extension.js')))
    throw new Error(`${extensionPath}/dist/extension.js is missing; run \`npm run build\` first.`);
  const workspace = prepareTrustedWorkspace('e2e-workspace');
  say(
    `starting code-server + Chromium on ${path.relative(repoRoot, workspace)} (trusted; extension: ${extensionPath})`,
  );
  const session = await start({
    workspace,
    name: 'e2e',
    disableWorkspaceTrust: true,
    development: { extensions: [extensionPath] },
  });
  say(`server up at ${session.url} after ${elapsed()}`);
  let timer;
  const timedOut = new Promise((resolve) => (timer = setTimeout(resolve, timeoutS * 1000, 'timeout')));
  try {
    await session.waitForWorkbench();
    say(`workbench rendered after ${elapsed()}`);
    const outcome = await Promise.race([runSteps(session, workspace), timedOut]);
    if (outcome === 'timeout') {
      console.error(`[e2e] TIMEOUT: the steps did not finish within ${timeoutS} s (--timeout or NNGPT_E2E_TIMEOUT_S).`);
      await reportSessionState(session, 'e2e-timeout');
      return { passed: 0, failed: steps.length };
    }
    return outcome;
  } finally {
    clearTimeout(timer);
    await session.stop();
    say(`done after ${elapsed()}`);
  }
}

main().then(
  ({ passed, failed }) => {
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed > 0 ? 1 : 0);
  },
  (error) => {
    console.error(`[e2e] ${error instanceof Error ? error.message : error}`);
    console.log(`0 passed, ${steps.length} failed`);
    process.exit(1);
  },
);
