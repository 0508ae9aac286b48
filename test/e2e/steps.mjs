// The end-to-end steps, in the order a user takes them: open the reference Net, generate a variant,
// run a cycle, find it in the Cycle History tree, and read the results panel's tabs. Each step
// waits on what the UI shows; none sleeps for a fixed time.
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  activityIcon,
  editorTab,
  notificationTexts,
  openNngptSideBar,
  runPaletteCommand,
  seriesPixelsPerChart,
  showResultsTab,
  sideBarTreeRow,
  waitForNotification,
} from './workbench.mjs';

/** Generation runs the execution check; a cycle trains two candidates (3-second epochs plus evaluation). */
const generateTimeoutMs = 120_000;
const cycleTimeoutMs = 240_000;

/** Throws `message` (with the notifications on screen) unless `condition` holds. */
async function check(page, condition, message) {
  if (!condition) throw new Error(`${message}; notifications: ${JSON.stringify(await notificationTexts(page))}`);
}

/** Waits until `locator` matches at least `count` elements. */
async function waitForCount(locator, count, timeoutMs, what) {
  await locator
    .nth(count - 1)
    .waitFor({ state: 'attached', timeout: timeoutMs })
    .catch(() => {
      throw new Error(`expected at least ${count} ${what}`);
    });
}

/**
 * Waits until every chart in `panel` drew its series (uPlot draws after layout, so poll the
 * pixels briefly); fails naming the charts that stayed empty.
 */
async function expectSeriesDrawn(page, panel) {
  const deadline = Date.now() + 10_000;
  let charts = await seriesPixelsPerChart(panel);
  while ((charts.length === 0 || charts.some((c) => c.seriesPixels === 0)) && Date.now() < deadline) {
    await page.waitForTimeout(250);
    charts = await seriesPixelsPerChart(panel);
  }
  await check(
    page,
    charts.length > 0 && charts.every((c) => c.seriesPixels > 0),
    `charts without drawn data: ${JSON.stringify(charts)}`,
  );
}

/** Opens the reference Net copy in the workspace and waits until its tab is the active one. */
async function openReferenceNet({ page, workspace }) {
  await runPaletteCommand(page, 'NNGPT: Open Reference Net');
  await editorTab(page, 'referenceCnn.net.ts').and(page.locator('.tab.active')).first().waitFor({ timeout: 15_000 });
  await check(
    page,
    existsSync(path.join(workspace, 'referenceCnn.net.ts')),
    'referenceCnn.net.ts was not copied into the workspace',
  );
}

/** Each step's screenshot is taken by the runner once it passed. @type {{ name: string, title: string, run: (c: { page: import('playwright-core').Page, workspace: string }) => Promise<void> }[]} */
export const steps = [
  {
    name: 'workbench',
    title: 'the workbench shows the NNGPT activity-bar icon',
    run: ({ page }) => page.locator(activityIcon).waitFor({ state: 'visible', timeout: 60_000 }),
  },
  {
    name: 'reference-net',
    title: 'the palette runs "NNGPT: Open Reference Net": a copy opens from the workspace',
    run: openReferenceNet,
  },
  {
    name: 'generate-variant',
    title: 'the palette runs "NNGPT: Generate Variant": referenceCnn.v1.net.ts is written and shown as a diff',
    run: async ({ page, workspace }) => {
      await runPaletteCommand(page, 'NNGPT: Generate Variant');
      await waitForNotification(page, /wrote referenceCnn\.v1\.net\.ts/, generateTimeoutMs);
      await editorTab(page, 'referenceCnn.v1.net.ts').first().waitFor({ timeout: 15_000 });
      await page.locator('.part.editor .monaco-diff-editor').first().waitFor({ state: 'visible', timeout: 15_000 });
      await check(
        page,
        existsSync(path.join(workspace, 'referenceCnn.v1.net.ts')),
        'referenceCnn.v1.net.ts is not on disk',
      );
    },
  },
  {
    name: 'cycle-history',
    title: 'the palette runs "NNGPT: Run Cycle": the Cycle History tree shows Cycle 1 with its candidates',
    run: async ({ page, workspace }) => {
      // The diff editor is active now; the cycle starts from the reference Net, so bring it back.
      await openReferenceNet({ page, workspace });
      await runPaletteCommand(page, 'NNGPT: Run Cycle');
      await openNngptSideBar(page);
      const cycle = sideBarTreeRow(page, 'Cycle 1');
      await cycle.waitFor({ state: 'visible', timeout: 60_000 });
      // A running cycle's icon spins (sync~spin); a completed one shows the history codicon.
      await cycle.locator('.codicon-history').waitFor({ timeout: cycleTimeoutMs });
      await cycle.locator('.label-description', { hasText: /best \d/ }).waitFor({ timeout: 10_000 });
      if ((await cycle.getAttribute('aria-expanded')) !== 'true') await cycle.click();
      // A candidate identical to a stored Net (say referenceCnn.v1) keeps its old row, outside the cycle.
      await waitForCount(
        page.locator('.part.sidebar .monaco-list-row .label-name', { hasText: /^referenceCnn\.c1v\d+$/ }),
        1,
        15_000,
        'candidate rows under Cycle 1',
      );
      await check(page, existsSync(path.join(workspace, '.nngpt', 'history.sqlite')), 'no .nngpt/history.sqlite');
    },
  },
  {
    name: 'results-curves',
    title: 'the palette runs "NNGPT: Show Results": the Learning curves tab draws the runs\' accuracy and loss',
    run: async ({ page }) => {
      await runPaletteCommand(page, 'NNGPT: Show Results');
      const panel = await showResultsTab(page, 'Learning curves');
      await panel.locator('h3', { hasText: /Curves of [1-9]\d* run/ }).waitFor({ timeout: 30_000 });
      await waitForCount(panel.locator('.uplot canvas'), 2, 10_000, 'chart canvases');
      await waitForCount(
        panel.locator('.u-legend .u-series', { hasText: /#\d+ referenceCnn\.c1v/ }),
        1,
        10_000,
        'legend entries naming a run',
      );
      await check(page, (await panel.locator('.empty').count()) === 0, 'the curves tab says it has nothing to show');
      await expectSeriesDrawn(page, panel);
    },
  },
  {
    name: 'results-params',
    title: 'the Accuracy vs parameters tab draws a point per trained run',
    run: async ({ page }) => {
      const panel = await showResultsTab(page, 'Accuracy vs parameters');
      await waitForCount(panel.locator('.uplot canvas'), 1, 10_000, 'chart canvases');
      await expectSeriesDrawn(page, panel);
      // The Pareto front is drawn as a series (checked above) and listed: at least the most accurate small run.
      await waitForCount(panel.locator('table[aria-label="Pareto front"] tbody tr'), 1, 10_000, 'Pareto front rows');
      await panel.locator('.u-legend .u-series', { hasText: 'Pareto front' }).first().waitFor({ timeout: 10_000 });
    },
  },
  {
    name: 'results-runs',
    title: 'the Runs tab lists the trained candidates',
    run: async ({ page }) => {
      const panel = await showResultsTab(page, 'Runs');
      await waitForCount(panel.locator('table[aria-label="Runs"] tbody tr[data-run]'), 1, 10_000, 'run rows');
      await panel
        .locator('table[aria-label="Runs"] tbody tr', { hasText: 'referenceCnn.c1v' })
        .first()
        .waitFor({ timeout: 10_000 });
    },
  },
  {
    name: 'results-cycles',
    title: 'the Cycles tab shows the statistics table (with the tokens column) and draws its charts',
    run: async ({ page }) => {
      const panel = await showResultsTab(page, 'Cycles');
      await waitForCount(
        panel.locator('table[aria-label="Cycle statistics"] tbody tr'),
        1,
        10_000,
        'cycle statistics rows',
      );
      await waitForCount(panel.locator('.uplot canvas'), 1, 10_000, 'cycle chart canvases');
      await expectSeriesDrawn(page, panel);
      await panel
        .locator('table[aria-label="Cycle statistics"] th', { hasText: 'tokens' })
        .waitFor({ timeout: 10_000 });
    },
  },
  {
    name: 'results-lineage',
    title: "the Lineage tab draws the parent → child graph: the cycle's candidates linked to their parent, coloured",
    run: async ({ page }) => {
      const panel = await showResultsTab(page, 'Lineage');
      const graph = panel.locator('svg.lineage[data-chart="lineage"]');
      await graph.waitFor({ state: 'visible', timeout: 30_000 });
      // The seed, the generated variant and the two candidates at least; each candidate has its parent.
      await waitForCount(graph.locator('g.lineage-node'), 3, 10_000, 'lineage nodes');
      await waitForCount(graph.locator('path.lineage-edge'), 2, 10_000, 'parent → child edges');
      await waitForCount(
        graph.locator('g.lineage-node').filter({ hasText: /^referenceCnn\.c1v\d+/ }),
        1,
        10_000,
        'candidate nodes',
      );
      const drawn = await graph.evaluate((svg) => ({
        coloured: [...svg.querySelectorAll('g.lineage-node:not(.unmeasured) rect')].filter((r) =>
          /^hsl\(/.test(r.getAttribute('fill') ?? ''),
        ).length,
        sized: [...svg.querySelectorAll('g.lineage-node rect')].filter((r) => r.getBoundingClientRect().width > 10)
          .length,
        edgesWithLength: [...svg.querySelectorAll('path.lineage-edge')].filter((p) => p.getTotalLength() > 10).length,
      }));
      await check(
        page,
        drawn.coloured >= 1 && drawn.sized >= 3 && drawn.edgesWithLength >= 2,
        `the lineage graph did not draw coloured nodes and edges: ${JSON.stringify(drawn)}`,
      );
      await check(page, (await panel.locator('.empty').count()) === 0, 'the lineage tab says it has nothing to show');
    },
  },
  {
    name: 'results-lineage-open',
    title: "clicking a candidate in the Lineage opens its file beside the panel; 'Diff with parent' opens the diff",
    run: async ({ page }) => {
      const panel = await showResultsTab(page, 'Lineage');
      const candidate = panel
        .locator('g.lineage-node')
        .filter({ hasText: /^referenceCnn\.c1v\d+/ })
        .first();
      const name = ((await candidate.textContent()) ?? '').match(/^referenceCnn\.c1v\d+/)?.[0];
      await candidate.click();
      await editorTab(page, `${name}.net.ts`).first().waitFor({ timeout: 15_000 });
      const details = panel.locator('.lineage-details [data-selected]');
      await details.waitFor({ timeout: 10_000 });
      await details.locator('vscode-button', { hasText: 'Diff with parent' }).click();
      await editorTab(page, `↔ ${name}`).first().waitFor({ timeout: 15_000 });
      // The panel stayed in view: the graph is still drawn.
      await panel.locator('svg.lineage g.lineage-node').first().waitFor({ state: 'visible', timeout: 10_000 });
    },
  },
  {
    name: 'results-archive',
    title:
      "the Archive tab draws the MAP-Elites grid: filled cells with their elite's name and accuracy, and empty ones",
    run: async ({ page }) => {
      const panel = await showResultsTab(page, 'Archive');
      const grid = panel.locator('table.archive[aria-label="Archive of elites"]');
      await grid.waitFor({ state: 'visible', timeout: 30_000 });
      await waitForCount(grid.locator('td.archive-cell.filled'), 1, 10_000, 'filled archive cells');
      const cells = await grid.evaluate((table) => ({
        total: Number(table.getAttribute('data-cells')),
        filled: [...table.querySelectorAll('td.archive-cell.filled')].map((td) => ({
          text: td.textContent ?? '',
          background: getComputedStyle(td).backgroundColor,
        })),
        empty: table.querySelectorAll('td.archive-cell.empty-cell').length,
      }));
      await check(
        page,
        cells.filled.every((c) => /referenceCnn/.test(c.text) && /\d+\.\d%/.test(c.text)) &&
          cells.filled.every((c) => !/rgba\(0, 0, 0, 0\)|transparent/.test(c.background)) &&
          cells.empty + cells.filled.length === cells.total &&
          cells.empty > 0,
        `the archive grid did not draw its elites: ${JSON.stringify(cells)}`,
      );
      await panel.locator('.archive-caption', { hasText: /\d+ of \d+ cells filled/ }).waitFor({ timeout: 10_000 });
    },
  },
];
