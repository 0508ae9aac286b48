/** The table `nngpt cycle` prints for each cycle: one row per candidate, then seed 003's statistics. */
import type { CycleEvent } from '../core/cycle/runCycle';
import type { CycleStats } from '../shared/historyModel';

interface Row {
  candidate: number;
  name: string;
  verdict: string;
  accuracy: string;
  note: string;
}

/** Collects a cycle's events into rows and renders them as text. */
export class CycleTable {
  private readonly rows: Row[] = [];
  private readonly byVariant = new Map<string, Row>();
  /** The backend already announced in this cycle's progress, so the ladder's reasons print once. */
  backendShown: string | undefined;

  /** Takes every event; only candidates and their training results make rows. */
  add(e: CycleEvent): void {
    if (e.type === 'candidate') {
      const row: Row = { candidate: e.candidate, name: e.name ?? '–', verdict: e.status, accuracy: '', note: e.status === 'novel' ? '' : e.message };
      this.rows.push(row);
      if (e.variantId) this.byVariant.set(e.variantId, row);
    } else if (e.type === 'trained') {
      const row = this.byVariant.get(e.variantId);
      if (!row) return;
      row.accuracy = e.accuracy === null ? 'failed' : `${(e.accuracy * 100).toFixed(1)}%`;
      row.verdict = e.accuracy === null ? 'train failed' : e.admitted ? 'admitted' : 'below threshold';
      if (e.accuracy === null) row.note = e.message;
    }
  }

  /** The rows and the statistics, as aligned text. */
  render(s: CycleStats): string {
    const header = ['#', 'variant', 'outcome', 'test acc.', 'note'];
    const body = this.rows.map((r) => [String(r.candidate), r.name, r.verdict, r.accuracy || '–', r.note.slice(0, 70)]);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
    const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
    const ci = (v: readonly [number, number] | null) => (v ? ` [${pct(v[0])}, ${pct(v[1])}]` : '');
    return [
      `cycle ${s.index}`,
      line(header),
      line(widths.map((w) => '-'.repeat(w))),
      ...body.map(line),
      '',
      `valid ${s.valid}/${s.candidates} = ${pct(s.validRate)}${ci(s.validRateCi)} (Wilson 95%)`,
      `accuracy: best ${pct(s.best)}, mean ${pct(s.mean)}${ci(s.meanCi)} (t 95%), median ${pct(s.median)}; ${s.aboveThreshold} of ${s.trained} trained above threshold (${pct(s.shareAboveThreshold)})`,
      `novel admitted ${s.novelAdmitted}, rejected ${s.rejections}, corpus ${s.corpusSize}`,
    ].join('\n');
  }
}
