import type { HostToResults, ResultsToHost, RunCurves } from '../src/shared/resultsProtocol';

type CurvesRequest = Extract<ResultsToHost, { type: 'requestRunCurves' }>;
type CurvesReply = Extract<HostToResults, { type: 'runCurves' }>;

interface Pending {
  readonly runIds: readonly number[];
  readonly resolve: (curves: readonly RunCurves[] | undefined) => void;
}

/**
 * The page's requests for stored curves, each paired with its one reply by a request id. A snapshot
 * makes every open request stale (the store changed under it): `forgetAll` ends them and their late
 * replies are dropped, so old curves never overwrite the ones asked for afterwards.
 */
export class CurveRequests {
  private nextRequestId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly send: (request: CurvesRequest) => void) {}

  /** Whether an open request already asks for this run (a redraw before the answer must not ask again). */
  isFetching(runId: number): boolean {
    for (const request of this.pending.values()) if (request.runIds.includes(runId)) return true;
    return false;
  }

  /** Asks the host for these runs' curves; resolves with its answer, or undefined when a snapshot made the request stale. */
  fetch(runIds: readonly number[]): Promise<readonly RunCurves[] | undefined> {
    const requestId = this.nextRequestId++;
    return new Promise((resolve) => {
      this.pending.set(requestId, { runIds, resolve });
      this.send({ type: 'requestRunCurves', requestId, runIds });
    });
  }

  /** Hands a reply to the request it answers; false for a reply no request waits for (answered already, or stale). */
  settle(reply: CurvesReply): boolean {
    const request = this.pending.get(reply.requestId);
    if (!request) return false;
    this.pending.delete(reply.requestId);
    request.resolve(reply.curves);
    return true;
  }

  /** Ends every open request with undefined (after a snapshot); their replies will be dropped. */
  forgetAll(): void {
    const open = [...this.pending.values()];
    this.pending.clear();
    for (const request of open) request.resolve(undefined);
  }
}
