import type { HostToResults, ResultsToHost } from '../src/shared/resultsProtocol';

/** What the panel keeps across hide/show and reloads (webview state). */
export interface PanelState {
  readonly tab: string;
  readonly filter: string;
  readonly sortBy: string;
  readonly descending: boolean;
  readonly compare: readonly [string, string] | null;
  readonly curveRunIds: readonly number[];
  /** The Lineage tab's colouring, zoom and selected node (absent in states saved before it existed). */
  readonly lineageColourBy?: 'firstEpoch' | 'best';
  readonly lineageZoom?: number;
  readonly lineageSelected?: string | null;
  /** The Archive tab's dataset (absent: the host's choice) and island (null: all as one). */
  readonly archiveDataset?: string;
  readonly archiveIsland?: number | null;
}

interface VsCodeApi {
  postMessage(message: ResultsToHost): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The one handle on the host; acquireVsCodeApi may be called only once per page. */
export const host: VsCodeApi = acquireVsCodeApi();

/** Subscribes to host messages. */
export function onHostMessage(listener: (message: HostToResults) => void): void {
  window.addEventListener('message', (event: MessageEvent<HostToResults>) => listener(event.data));
}
