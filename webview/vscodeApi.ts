import type { HostToResults, ResultsToHost } from '../src/shared/resultsProtocol';

/** What the panel keeps across hide/show and reloads (webview state). */
export interface PanelState {
  readonly tab: string;
  readonly filter: string;
  readonly sortBy: string;
  readonly descending: boolean;
  readonly compare: readonly [string, string] | null;
  readonly curveRunIds: readonly number[];
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
