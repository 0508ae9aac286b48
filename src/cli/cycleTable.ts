/** The table `nngpt cycle` prints for each cycle: one row per candidate, then the novelty-loop paper's statistics. */
import type { CycleEvent } from '../core/cycle/runCycle';
import type { CycleStats } from '../shared/historyModel';

interface Row {
  candidate: number;
  name: string;
  /** "referenceCnn (seed)", "….c1v2 (exploit)". */
  parent: string;
  /** "1,204 + 388" prompt + completion tokens, or '' without an LLM. */
  tokens: string;
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
      const parent = e.parentName ? `${e.parentName} (${e.reason ?? '?'})` : '–';
      const tokens = e.tokens ? `${count(e.tokens.promptTokens)} + ${count(e.tokens.completionTokens)}` : '';
      const edit = e.editOutcome && e.editOutcome !== 'full' ? `${e.editOutcome}; ` : '';
      const row: Row = {
        candidate: e.candidate,
        name: e.name ?? '–',
        parent,
        tokens,
        verdict: e.status,
        accuracy: '',
        note: edit + (e.status === 'novel' ? '' : e.message),
      };
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
    const withTokens = this.rows.some((r) => r.tokens !== '');
    const header = [
      '#',
      'variant',
      'parent',
      'outcome',
      'test acc.',
      ...(withTokens ? ['tokens (in + out)'] : []),
      'note',
    ];
    const body = this.rows.map((r) => [
      String(r.candidate),
      r.name,
      r.parent,
      r.verdict,
      r.accuracy || '–',
      ...(withTokens ? [r.tokens || '–'] : []),
      r.note.slice(0, 70),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
    const line = (cells: string[]) =>
      cells
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd();
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
      ...(s.search ? searchLines(s.search) : []),
    ].join('\n');
  }
}

/** The search's lines: parents chosen, archive coverage, and (with an LLM) edits and tokens. */
function searchLines(x: NonNullable<CycleStats['search']>): string[] {
  const lines = [
    `parents: exploit ${x.parents.exploit}, explore ${x.parents.explore}, seed ${x.parents.seed}; archive cells filled ${x.archiveFilled}`,
  ];
  const e = x.edits;
  if (e.diffApplied + e.diffRepaired + e.diffFailed > 0)
    lines.push(
      `edits: diff applied ${e.diffApplied}, diff repaired ${e.diffRepaired}, diff failed → full ${e.diffFailed}, full ${e.full}`,
    );
  if (x.promptTokens + x.completionTokens > 0)
    lines.push(
      `tokens: ${count(x.promptTokens)} prompt + ${count(x.completionTokens)} completion = ${count(x.promptTokens + x.completionTokens)}`,
    );
  return lines;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
