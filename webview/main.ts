// The results panel's browser program: receives runs, stored curves and cycle statistics from the host and draws
// the five tabs. All state the user chose (tab, filter, sort, comparison) survives reloads via setState.
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import 'uplot/dist/uPlot.min.css';
import { liveRunsInOrder, withLiveRun } from '../src/shared/liveRuns';
import type { HostToResults } from '../src/shared/resultsProtocol';
import { CurveRequests } from './curveRequests';
import { h } from './dom';
import type { RunColumn, RunTableQuery } from './lib/runTable';
import type { ResultsModel } from './model';
import { emptyModel, latestRunPerVariant } from './model';
import { readTheme, watchTheme } from './theme';
import { SearchRequests } from './searchRequests';
import { renderArchive } from './views/archiveView';
import { renderCompare } from './views/compareView';
import { renderCurves } from './views/curvesView';
import { renderCycles } from './views/cyclesView';
import type { LineageChoices } from './views/lineageView';
import { renderLineage } from './views/lineageView';
import { renderParams } from './views/paramsView';
import { renderRuns } from './views/runsView';
import type { PanelState } from './vscodeApi';
import { host, onHostMessage } from './vscodeApi';

const tabs = ['curves', 'cycles', 'params', 'runs', 'compare', 'lineage', 'archive'] as const;
type Tab = (typeof tabs)[number];
const tabTitles: Record<Tab, string> = {
  curves: 'Learning curves',
  cycles: 'Cycles',
  params: 'Accuracy vs parameters',
  runs: 'Runs',
  compare: 'Compare',
  lineage: 'Lineage',
  archive: 'Archive',
};
/** How many of the newest runs the curves tab shows when the user has picked none. */
const defaultCurveRuns = 5;

const model: ResultsModel = emptyModel();
let state: PanelState = host.getState() ?? {
  tab: 'curves',
  filter: '',
  sortBy: 'startedAt',
  descending: true,
  compare: null,
  curveRunIds: [],
};
let page = 0;
let disposeCharts: () => void = () => undefined;

const panels = new Map<Tab, HTMLElement>(tabs.map((t) => [t, h('vscode-tab-panel', { id: `panel-${t}` })]));
const tabBar = h(
  'vscode-tabs',
  { 'selected-index': Math.max(0, tabs.indexOf(state.tab as Tab)) },
  ...tabs.map((t) => h('vscode-tab-header', { slot: 'header', id: `tab-${t}` }, tabTitles[t])),
  ...panels.values(),
);
tabBar.addEventListener('vsc-tabs-select', (event) => {
  const index = (event as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
  update({ tab: tabs[index] ?? 'curves' });
});
document.getElementById('root')!.append(tabBar);
// Seven tab titles overflow a panel beside an editor and widen the page; vscode-tabs exposes no part
// for its tab list, so a sheet adopted into its shadow root lets the titles wrap instead.
void customElements.whenDefined('vscode-tabs').then(async () => {
  await (tabBar as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
  const root = tabBar.shadowRoot;
  if (!root) return;
  const wrap = new CSSStyleSheet();
  wrap.replaceSync('.tablist { flex-wrap: wrap; }');
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, wrap];
});

function update(patch: Partial<PanelState>): void {
  state = { ...state, ...patch };
  host.setState(state);
  render();
}

function curveRuns() {
  const picked = state.curveRunIds.map((id) => model.runs.find((r) => r.id === id)).filter((r) => r !== undefined);
  return picked.length > 0 ? picked : [...model.runs].sort((a, b) => b.id - a.id).slice(0, defaultCurveRuns);
}

/** Open requests for stored curves, each answered once by the host. */
const curveRequests = new CurveRequests((request) => host.postMessage(request));

/** Open requests for the lineage graph and the archive grid, each answered once by the host. */
const searchRequests = new SearchRequests((request) => host.postMessage(request));

/** Asks for the lineage when the page has none or the store changed since; redraws when it comes. */
function requestLineage(): void {
  if (!model.lineageStale || searchRequests.isFetching('lineage')) return;
  void searchRequests.lineage().then((nodes) => {
    if (nodes === undefined) return; // a snapshot came first; its redraw asks again
    model.lineage = nodes;
    model.lineageStale = false;
    if (state.tab === 'lineage') render();
  });
}

/** Asks for the archive grid of the dataset and island the user picked, when stale. */
function requestArchive(): void {
  if (!model.archiveStale || searchRequests.isFetching('archive')) return;
  const request = {
    island: state.archiveIsland ?? null,
    ...(state.archiveDataset ? { dataset: state.archiveDataset } : {}),
  };
  void searchRequests.archive(request).then((grid) => {
    if (grid === undefined) return;
    model.archive = grid;
    model.archiveStale = false;
    if (state.tab === 'archive') render();
  });
}

function lineageChoices(): LineageChoices {
  return {
    colourBy: state.lineageColourBy ?? 'firstEpoch',
    zoom: state.lineageZoom ?? 1,
    selected: state.lineageSelected ?? null,
  };
}

/** Saves view choices the view already applied itself, without a redraw. */
function remember(patch: Partial<PanelState>): void {
  state = { ...state, ...patch };
  host.setState(state);
}

/** Asks the host for the stored curves (epoch rows, batch loss) the current tab needs and does not have or await yet. */
function requestMissingCurves(runIds: readonly number[]): void {
  const missing = runIds.filter((id) => !model.epochsByRun.has(id) && !curveRequests.isFetching(id));
  if (missing.length === 0) return;
  void curveRequests.fetch(missing).then((curves) => {
    if (curves === undefined) return; // a snapshot came first; the redraw it caused asks again
    for (const run of curves) {
      model.epochsByRun.set(run.runId, run.epochs);
      model.batchLossByRun.set(run.runId, run.batchLoss);
    }
    render();
    acknowledge();
  });
}

function render(): void {
  disposeCharts();
  const theme = readTheme();
  const tab = state.tab as Tab;
  const panel = panels.get(tab)!;
  switch (tab) {
    case 'curves': {
      const runs = curveRuns();
      requestMissingCurves(runs.map((r) => r.id));
      disposeCharts = renderCurves(panel, liveRunsInOrder(model.live), runs, model, theme);
      break;
    }
    case 'cycles':
      disposeCharts = renderCycles(panel, model.cycles, theme);
      break;
    case 'params':
      disposeCharts = renderParams(panel, model.runs, theme);
      break;
    case 'runs':
      disposeCharts = () => undefined;
      renderRuns(panel, model.runs, tableQuery(), {
        onQuery: (q) => {
          page = q.page;
          update({ filter: q.filter, sortBy: q.sortBy, descending: q.descending });
        },
        onOpenVariant: (variantId) => host.postMessage({ type: 'openVariant', variantId }),
        onShowCurves: (runId) => update({ tab: 'curves', curveRunIds: [runId] }),
      });
      break;
    case 'compare': {
      const latest = latestRunPerVariant(model.runs);
      requestMissingCurves(
        [...latest.values()].filter((r) => state.compare?.includes(r.variantId) ?? true).map((r) => r.id),
      );
      disposeCharts = renderCompare(panel, model.runs, model, state.compare, theme, {
        onPick: (pair) => update({ compare: pair }),
        onOpenDiff: (leftVariantId, rightVariantId) =>
          host.postMessage({ type: 'openDiff', leftVariantId, rightVariantId }),
      });
      break;
    }
    case 'lineage': {
      disposeCharts = () => undefined;
      requestLineage();
      const choices = lineageChoices();
      renderLineage(panel, model.lineage, choices, {
        onOpenVariant: (variantId) => host.postMessage({ type: 'openVariant', variantId }),
        onDiffWithParent: (leftVariantId, rightVariantId) =>
          host.postMessage({ type: 'openDiff', leftVariantId, rightVariantId }),
        onChoice: (patch) =>
          remember({
            lineageZoom: patch.zoom ?? choices.zoom,
            lineageSelected: patch.selected === undefined ? choices.selected : patch.selected,
          }),
        onRedraw: (patch) => update({ lineageColourBy: patch.colourBy ?? choices.colourBy }),
      });
      break;
    }
    case 'archive':
      disposeCharts = () => undefined;
      requestArchive();
      renderArchive(panel, model.archive, {
        onOpenVariant: (variantId) => host.postMessage({ type: 'openVariant', variantId }),
        onPick: (pick) => {
          model.archiveStale = true;
          update({ archiveDataset: pick.dataset, archiveIsland: pick.island });
        },
      });
      break;
  }
  tabBar.setAttribute('selected-index', String(tabs.indexOf(tab)));
}

function tableQuery(): RunTableQuery {
  return { sortBy: state.sortBy as RunColumn, descending: state.descending, filter: state.filter, page, pageSize: 100 };
}

/** Tells the host what the page now shows, once the browser has laid it out. */
function acknowledge(): void {
  requestAnimationFrame(() =>
    host.postMessage({
      type: 'rendered',
      runs: model.runs.length,
      cycles: model.cycles.length,
      charts: document.querySelectorAll('.uplot').length,
    }),
  );
}

function receive(message: HostToResults): void {
  switch (message.type) {
    case 'snapshot':
      model.runs = message.runs;
      model.cycles = message.cycles;
      model.epochsByRun.clear();
      model.batchLossByRun.clear();
      curveRequests.forgetAll();
      // The store changed: the search's views ask again when shown (and keep the old drawing meanwhile).
      model.lineageStale = true;
      model.archiveStale = true;
      searchRequests.forgetAll();
      break;
    case 'runCurves':
      curveRequests.settle(message); // the request's own continuation draws the curves
      return;
    case 'lineage':
    case 'archive':
      searchRequests.settle(message); // the request's own continuation draws the view
      return;
    case 'live':
      model.live = withLiveRun(model.live, message.run);
      if (state.tab !== 'curves') return;
      break;
    case 'focusVariant': {
      const runIds = model.runs.filter((r) => r.variantId === message.variantId).map((r) => r.id);
      update({ tab: 'curves', curveRunIds: runIds });
      return;
    }
  }
  render();
  if (message.type === 'snapshot') acknowledge();
}

onHostMessage(receive);
watchTheme(render);
host.postMessage({ type: 'ready' });
