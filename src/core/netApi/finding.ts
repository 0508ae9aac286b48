/**
 * What the Net-API checker reports. Plain data with numeric offsets so the same findings serve
 * the editor (host maps offsets to positions), the CLI (offsets to line:col) and the generator.
 */

/** How bad a finding is; `error` blocks training and generation. */
export type Severity = 'error' | 'warning' | 'info';

/** A half-open range of UTF-16 offsets into the checked source text: [start, end). */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** Replace `range` with `newText`; an insertion has start === end. */
export interface TextEdit {
  readonly range: TextRange;
  readonly newText: string;
}

/** A machine-applicable repair. Edits of one fix never overlap and refer to the unfixed text. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** True when applying it cannot change what the Net computes beyond the finding (auto-applied by the generator and `--fix`). */
  readonly safe: boolean;
}

/** One problem in a Net file. `code` is stable (e.g. `net-api/missing-learn`): quick fixes, docs and tests key on it. */
export interface Finding {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: TextRange;
  readonly fixes: readonly Fix[];
}
