// Driving VS Code's workbench the way a user does: the command palette, the activity bar, tree
// rows, notifications, and the results webview. Selectors are the workbench's own DOM classes.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { resultsDir } from '../../scripts/codeServer/diagnostics.mjs';

/** The NNGPT activity-bar entry's link (the view container's title is its aria-label). */
const activityLink = 'a.action-label[aria-label="NNGPT"]';

/** The NNGPT activity-bar icon. */
export const activityIcon = `.part.activitybar .action-item ${activityLink}`;

/** The results page inside its webview (two nested iframes). */
export function resultsFrame(page) {
  return page.frameLocator('iframe.webview').frameLocator('#active-frame');
}

/**
 * Saves a screenshot as test-results/e2e-<name>.png and returns its path.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
export async function screenshot(page, name) {
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `e2e-${name}.png`);
  await page.screenshot({ path: file, timeout: 15_000 });
  return file;
}

/**
 * Runs a command from the palette: F1, type its title, Enter. The palette snapshots the command
 * list when it opens, so a command registered a moment later is missing; close and retry then.
 * @param {import('playwright-core').Page} page
 * @param {string} title as the palette shows it, e.g. "NNGPT: Run Cycle"
 */
export async function runPaletteCommand(page, title, attempts = 5) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    // The first row is the one Enter runs; it must be exactly this command.
    const first = page.locator('.quick-input-list .monaco-list-row').first();
    const found = await first
      .filter({ hasText: title })
      .waitFor({ state: 'visible', timeout: 3_000 })
      .then(
        () => true,
        () => false,
      );
    if (found && (await first.getAttribute('aria-label'))?.startsWith(title)) {
      await page.keyboard.press('Enter');
      await input.waitFor({ state: 'hidden', timeout: 10_000 });
      return;
    }
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500 * attempt); // nothing to wait on: the command list is refreshed on the next open
  }
  throw new Error(`the palette did not offer "${title}" after ${attempts} attempts`);
}

/** Shows the NNGPT side bar (clicking an already-open container would close it). */
export async function openNngptSideBar(page) {
  const item = page.locator('.part.activitybar .action-item').filter({ has: page.locator(activityLink) });
  if (!((await item.getAttribute('class')) ?? '').split(' ').includes('checked'))
    await page.locator(activityIcon).click();
  await page
    .locator('.part.sidebar .composite.title', { hasText: 'NNGPT' })
    .waitFor({ state: 'visible', timeout: 10_000 });
}

/** A row of a tree in the side bar whose label is exactly `label`. */
export function sideBarTreeRow(page, label) {
  return page
    .locator('.part.sidebar .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });
}

/** Waits for a notification toast whose message matches `pattern`; returns its text. */
export async function waitForNotification(page, pattern, timeoutMs) {
  const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: pattern }).first();
  await toast.waitFor({ state: 'visible', timeout: timeoutMs });
  return toast.innerText();
}

/** The text of every notification toast shown now (for failure messages). */
export function notificationTexts(page) {
  return page
    .$$eval('.notifications-toasts .notification-list-item-message', (els) => els.map((e) => e.textContent ?? ''))
    .catch(() => []);
}

/** An editor tab whose label contains `text`. */
export function editorTab(page, text) {
  return page.locator('.part.editor .tabs-container .tab', { hasText: text });
}

/**
 * Shows a tab of the results page by its title and returns its panel. vscode-tabs renumbers the
 * headers' and panels' ids, so the panel is found through the header's aria-controls.
 * @param {import('playwright-core').Page} page
 * @param {string} title e.g. "Runs" (no other tab title may contain it)
 */
export async function showResultsTab(page, title) {
  const frame = resultsFrame(page);
  // A regular expression with ^…$ never matches these headers (their text includes shadow DOM).
  const header = frame.locator('vscode-tab-header', { hasText: title }).first();
  await header.click({ timeout: 30_000 });
  const panelId = await header.getAttribute('aria-controls');
  const panel = frame.locator(`vscode-tab-panel[id="${panelId}"]`);
  await panel.waitFor({ state: 'visible', timeout: 10_000 });
  return panel;
}

/**
 * For each uPlot chart in `panel`: how many canvas pixels have one of its series' colours (read
 * off the legend markers). Axes and grid are drawn on the same canvas, so a chart whose series
 * drew nothing counts zero.
 * @param {import('playwright-core').Locator} panel
 * @returns {Promise<{ title: string, seriesPixels: number }[]>}
 */
export function seriesPixelsPerChart(panel) {
  return panel.locator('.uplot').evaluateAll((charts) =>
    charts.map((chart) => {
      const parse = (css) => (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
      // The first legend entry is the x axis, drawn in the foreground colour like the axes.
      const markers = [...chart.querySelectorAll('.u-legend .u-series .u-marker')].slice(1);
      const colours = markers.map((m) => parse(getComputedStyle(m).borderColor)).filter((c) => c.length === 3);
      const canvas = chart.querySelector('canvas');
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let seriesPixels = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] < 128) continue;
        if (
          colours.some(
            ([r, g, b]) => Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 40,
          )
        )
          seriesPixels++;
      }
      return { title: chart.querySelector('.u-title')?.textContent ?? '', seriesPixels };
    }),
  );
}
