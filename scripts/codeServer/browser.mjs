// Opens code-server's workbench in Debian's Chromium through playwright-core, optionally as an
// extension-development window that runs an extension-host test suite.
import path from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath } from './paths.mjs';

/** Flags verified to run Chromium headless, offline and quietly as root in a container. */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Runs in the page before the workbench's own scripts. code-server refuses
 * --extensionDevelopmentPath / --extensionTestsPath and ignores ?payload=, but the workbench reads
 * its options from the `data-settings` attribute of #vscode-workbench-web-configuration through
 * getAttribute, so wrapping getAttribute lets us add `developmentOptions` (as @vscode/test-web does).
 * Paths become vscode-remote URIs: the server-side (Node) extension host loads them from disk.
 * @param {{ extensions: string[], testsPath?: string }} dev
 */
function injectDevelopmentOptions(dev) {
  const original = Element.prototype.getAttribute;
  Element.prototype.getAttribute = function getAttribute(name) {
    const value = original.call(this, name);
    if (name !== 'data-settings' || this.id !== 'vscode-workbench-web-configuration' || !value) return value;
    const config = JSON.parse(value);
    const authority = window.location.host;
    const toUri = (fsPath) => ({ scheme: 'vscode-remote', authority, path: fsPath });
    config.developmentOptions = {
      ...config.developmentOptions,
      extensions: dev.extensions.map(toUri),
      ...(dev.testsPath ? { extensionTestsPath: toUri(dev.testsPath) } : {}),
    };
    return JSON.stringify(config);
  };
}

/**
 * Launches Chromium and opens the workbench.
 * @param {object} options
 * @param {string} options.url the code-server base URL
 * @param {string} options.workspace folder to open (?folder=)
 * @param {string} options.profileDir fresh Chromium profile folder
 * @param {string} options.homeDir HOME for Chromium (its crash reporter writes under ~/.config otherwise)
 * @param {{ extensions: string[], testsPath?: string }} [options.development] extension folders to
 *   load as development extensions and the bundled test module the extension host runs
 * @param {(type: string, args: unknown[]) => void} [options.onLog] extension-host console lines
 *   (only forwarded while a test suite runs)
 * @param {(code: number) => void} [options.onTestsExit] the extension host's exit code after the suite
 * @param {{ width: number, height: number }} [options.viewport]
 * @returns {Promise<{ context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, close: () => Promise<void> }>}
 */
export async function openWorkbench({
  url,
  workspace,
  profileDir,
  homeDir,
  development,
  onLog,
  onTestsExit,
  viewport = { width: 1280, height: 800 },
}) {
  const context = await chromium.launchPersistentContext(path.resolve(profileDir), {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport,
    env: {
      ...process.env,
      HOME: homeDir,
      XDG_CONFIG_HOME: path.join(homeDir, '.config'),
      XDG_CACHE_HOME: path.join(homeDir, '.cache'),
    },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // The workbench calls these when it runs as an automated test window (IAutomatedWindow).
  await page.exposeFunction('codeAutomationLog', (type, args) =>
    onLog?.(String(type), Array.isArray(args) ? args : [args]),
  );
  await page.exposeFunction('codeAutomationExit', (code) => onTestsExit?.(Number(code)));
  if (development) await page.addInitScript(injectDevelopmentOptions, development);
  await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
  return { context, page, close: () => context.close() };
}
