// What a stuck or failed session looked like: a screenshot, whether the workbench rendered, and
// the tails of code-server's and the extension host's logs. Used by runners when something hangs.
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.mjs';
import { tail } from './server.mjs';
import { workbenchSelector } from './session.mjs';

/** Folder for screenshots and other artefacts of failed runs (gitignored). */
export const resultsDir = path.join(repoRoot, 'test-results');

/** Every regular file below `dir` whose name matches `pattern` (links are not followed). */
function findFiles(dir, pattern) {
  let found = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) found = found.concat(findFiles(file, pattern));
    else if (entry.isFile() && pattern.test(entry.name)) found.push(file);
  }
  return found;
}

/**
 * Prints what the session shows and writes a screenshot to test-results/<label>.png.
 * @param {import('./session.mjs').Session} session
 * @param {string} label file-name stem for the artefacts
 * @param {(line: string) => void} [print]
 */
export async function reportSessionState(session, label, print = (line) => console.error(line)) {
  mkdirSync(resultsDir, { recursive: true });
  const screenshot = path.join(resultsDir, `${label}.png`);
  try {
    await session.page.screenshot({ path: screenshot, timeout: 10_000 });
    print(`[diagnostics] screenshot: ${path.relative(repoRoot, screenshot)}`);
  } catch (error) {
    print(`[diagnostics] no screenshot: ${error.message}`);
  }
  const rendered = await session.page.$(workbenchSelector).then(
    (el) => !!el,
    () => false,
  );
  print(`[diagnostics] workbench rendered: ${rendered ? 'yes' : 'no'} (page ${session.page.url()})`);
  const notifications = await session.page
    .$$eval('.notifications-toasts .notification-list-item-message', (els) => els.map((e) => e.textContent))
    .catch(() => []);
  for (const text of notifications) print(`[diagnostics] notification: ${text}`);
  print(`[diagnostics] --- ${path.relative(repoRoot, session.logFile)} (tail) ---\n${tail(session.logFile, 30)}`);
  for (const log of findFiles(path.join(session.runDir, 'server'), /exthost.*\.log$|^remoteagent\.log$/)) {
    print(`[diagnostics] --- ${path.relative(repoRoot, log)} (tail) ---\n${tail(log, 30)}`);
  }
}
