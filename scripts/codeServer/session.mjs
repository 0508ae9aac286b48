// One offline VS Code session: code-server plus a headless Chromium on its workbench. The
// integration runner and the browser-driven end-to-end tests both start sessions through here.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runsRoot } from './paths.mjs';
import { openWorkbench } from './browser.mjs';
import { startServer } from './server.mjs';

/** Selector that exists once the workbench has rendered its parts. */
export const workbenchSelector = '.monaco-workbench .part.activitybar';

/**
 * @typedef {object} Session
 * @property {import('playwright-core').Page} page the workbench page
 * @property {import('playwright-core').BrowserContext} context
 * @property {string} url code-server's base URL
 * @property {string} runDir the run folder (server files, Chromium profile, log)
 * @property {string} logFile code-server's stdout and stderr
 * @property {(timeoutMs?: number) => Promise<void>} waitForWorkbench resolves once the workbench rendered
 * @property {() => Promise<void>} stop closes the browser and kills the server's whole process group
 */

/**
 * Starts code-server on `workspace` and opens it in Chromium.
 * @param {object} options
 * @param {string} options.workspace folder to open (tests that edit files should pass a copy)
 * @param {string} [options.name] run-folder name under .cache/code-server-runs/ (emptied first)
 * @param {Record<string, string>} [options.env] environment for the server and its extension host
 * @param {Record<string, unknown>} [options.settings] user settings
 * @param {boolean} [options.disableWorkspaceTrust] start with --disable-workspace-trust
 * @param {{ extensions: string[], testsPath?: string }} [options.development] development extensions
 *   and the extension-host test module (see browser.mjs)
 * @param {(type: string, args: unknown[]) => void} [options.onLog]
 * @param {(code: number) => void} [options.onTestsExit]
 * @returns {Promise<Session>}
 */
export async function start({
  workspace,
  name = 'session',
  env,
  settings,
  disableWorkspaceTrust,
  development,
  onLog,
  onTestsExit,
}) {
  const runDir = path.join(runsRoot, name);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const server = await startServer({
    workspace,
    runDir: path.join(runDir, 'server'),
    env,
    settings,
    disableWorkspaceTrust,
  });
  let browser;
  try {
    browser = await openWorkbench({
      url: server.url,
      workspace,
      profileDir: path.join(runDir, 'chromium'),
      homeDir: path.join(runDir, 'chromium-home'),
      development,
      onLog,
      onTestsExit,
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  let stopped = false;
  return {
    page: browser.page,
    context: browser.context,
    url: server.url,
    runDir,
    logFile: server.logFile,
    waitForWorkbench: async (timeoutMs = 60_000) => {
      await browser.page.waitForSelector(workbenchSelector, { timeout: timeoutMs });
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await browser.close().catch(() => undefined);
      await server.stop();
    },
  };
}
