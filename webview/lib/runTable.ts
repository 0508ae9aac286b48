import type { RunRow } from '../../src/shared/historyModel';

/** Columns the run table can sort by. */
export type RunColumn =
  | 'variantName'
  | 'dataset'
  | 'backend'
  | 'status'
  | 'testAccuracy'
  | 'paramCount'
  | 'promptTokens'
  | 'durationS'
  | 'startedAt';

/** What the user chose in the table's header and filter box. */
export interface RunTableQuery {
  readonly sortBy: RunColumn;
  readonly descending: boolean;
  /** Case-insensitive text matched against name, dataset, backend, status and failure reason. */
  readonly filter: string;
  readonly page: number;
  readonly pageSize: number;
}

/** One page of the filtered, sorted rows plus the counts the pager shows. */
export interface RunTablePage {
  readonly rows: readonly RunRow[];
  readonly matching: number;
  readonly pages: number;
  readonly page: number;
}

/**
 * Filters, sorts and pages runs. Paging keeps the DOM small, so thousands of runs never freeze the panel;
 * missing values (a failed run has no accuracy) always sort last.
 */
export function queryRuns(runs: readonly RunRow[], query: RunTableQuery): RunTablePage {
  const needle = query.filter.trim().toLowerCase();
  const matching = needle ? runs.filter((r) => haystack(r).includes(needle)) : runs.slice();
  const sign = query.descending ? -1 : 1;
  matching.sort((a, b) => compareValues(a[query.sortBy], b[query.sortBy], sign));
  const pageSize = Math.max(1, query.pageSize);
  const pages = Math.max(1, Math.ceil(matching.length / pageSize));
  const page = Math.min(Math.max(0, query.page), pages - 1);
  return { rows: matching.slice(page * pageSize, (page + 1) * pageSize), matching: matching.length, pages, page };
}

function haystack(r: RunRow): string {
  return `${r.variantName} ${r.dataset} ${r.backend ?? ''} ${r.status} ${r.failureReason ?? ''}`.toLowerCase();
}

function compareValues(a: unknown, b: unknown, sign: number): number {
  const aMissing = a === null || a === undefined;
  const bMissing = b === null || b === undefined;
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return sign * (a - b);
  return sign * String(a).localeCompare(String(b));
}
