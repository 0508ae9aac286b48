import type { HostToResults, ResultsToHost } from '../src/shared/resultsProtocol';
import type { ArchiveGridView, ArchiveRequest, LineageNode } from '../src/shared/searchModel';

type SearchRequest = Extract<ResultsToHost, { type: 'requestLineage' | 'requestArchive' }>;
type SearchReply = Extract<HostToResults, { type: 'lineage' | 'archive' }>;

interface Pending {
  readonly type: SearchReply['type'];
  readonly resolve: (reply: SearchReply | undefined) => void;
}

/**
 * The page's requests for the search's views (the lineage graph, the archive grid), each paired
 * with its one reply by a request id, as the curve requests are. A snapshot makes every open
 * request stale: `forgetAll` ends them with undefined and drops their late replies, so a graph of
 * the store before the change never lands after the one asked for since.
 */
export class SearchRequests {
  private nextRequestId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly send: (request: SearchRequest) => void) {}

  /** Whether a request of this kind awaits its answer (a redraw must not ask twice). */
  isFetching(type: SearchReply['type']): boolean {
    for (const request of this.pending.values()) if (request.type === type) return true;
    return false;
  }

  /** Asks for the lineage; resolves with its nodes, or undefined when a snapshot made the request stale. */
  lineage(): Promise<readonly LineageNode[] | undefined> {
    const requestId = this.nextRequestId++;
    return this.open<'lineage'>(requestId, 'lineage', () => this.send({ type: 'requestLineage', requestId })).then(
      (reply) => reply?.nodes,
    );
  }

  /** Asks for the archive grid; resolves with it (null without a history), or undefined when made stale. */
  archive(request: ArchiveRequest): Promise<ArchiveGridView | null | undefined> {
    const requestId = this.nextRequestId++;
    return this.open<'archive'>(requestId, 'archive', () =>
      this.send({ type: 'requestArchive', requestId, request }),
    ).then((reply) => (reply === undefined ? undefined : reply.grid));
  }

  /** Hands a reply to the request it answers; false for one no request of its kind waits for. */
  settle(reply: SearchReply): boolean {
    const request = this.pending.get(reply.requestId);
    if (!request || request.type !== reply.type) return false;
    this.pending.delete(reply.requestId);
    request.resolve(reply);
    return true;
  }

  /** Ends every open request with undefined (after a snapshot); their replies will be dropped. */
  forgetAll(): void {
    const open = [...this.pending.values()];
    this.pending.clear();
    for (const request of open) request.resolve(undefined);
  }

  private open<T extends SearchReply['type']>(
    requestId: number,
    type: T,
    post: () => void,
  ): Promise<Extract<SearchReply, { type: T }> | undefined> {
    return new Promise((resolve) => {
      this.pending.set(requestId, {
        type,
        resolve: (reply) => resolve(reply as Extract<SearchReply, { type: T }> | undefined),
      });
      post();
    });
  }
}
