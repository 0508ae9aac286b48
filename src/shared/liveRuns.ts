/**
 * The set of live runs the results panel shows, keyed by run id: a cycle with several trainers has
 * several live at once. Both the host (to replay them to a page that loads late) and the page keep
 * one, fed by the same `live` messages, so both apply the same rule here.
 */
import type { LiveRun } from './resultsProtocol';

/**
 * The set after `run`'s latest state: a new id adds it, a known id replaces it, and a run marked
 * `done` stays until a new run starts — then the finished ones make way, so the view shows what is
 * training now, and after the last run ends, the runs that ended last.
 */
export function withLiveRun(runs: ReadonlyMap<number, LiveRun>, run: LiveRun): Map<number, LiveRun> {
  const next = new Map(runs);
  if (!next.has(run.runId)) for (const [id, known] of next) if (known.done) next.delete(id);
  next.set(run.runId, run);
  return next;
}

/** The live runs in the order they started (run ids grow). */
export function liveRunsInOrder(runs: ReadonlyMap<number, LiveRun>): LiveRun[] {
  return [...runs.values()].sort((a, b) => a.runId - b.runId);
}
