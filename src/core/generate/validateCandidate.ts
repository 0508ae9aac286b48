/**
 * Checks one proposal the way NNGPT gates a candidate before training: code present, safe
 * fixes applied, no static error left, a valid hyperparameter block, and — in a trusted
 * workspace — the trainer's execution check.
 */
import type { Finding } from '../netApi/finding';
import type { Hyperparameters } from './hyperparameters';
import { parseHyperparameters, resolveHyperparameters } from './hyperparameters';
import type { ExecutionCheck, StaticChecker } from './ports';
import type { Proposal } from './variantGenerator';

/** What validation found. `problems` is empty exactly when the candidate is valid. */
export interface Validation {
  /** The code after safe fixes (absent when the proposal had none). */
  readonly code?: string;
  readonly hyperparameters?: Hyperparameters;
  /** Findings left after the safe fixes, errors and warnings alike. */
  readonly findings: readonly Finding[];
  /** Titles of the safe fixes applied. */
  readonly applied: readonly string[];
  /** Errors to report and to feed back to the generator. */
  readonly problems: readonly (Finding | string)[];
  readonly executed: boolean;
}

/** Who validates, and whether running the code is allowed. */
export interface ValidationDeps {
  readonly checker: StaticChecker;
  /** Runs only when given and `trusted`. */
  readonly executionCheck?: ExecutionCheck;
  readonly trusted: boolean;
  readonly signal?: AbortSignal;
}

/** Validates `proposal` as a Net named `fileName`. */
export async function validateCandidate(
  proposal: Proposal,
  fileName: string,
  deps: ValidationDeps,
): Promise<Validation> {
  if (proposal.code === undefined) {
    return {
      findings: [],
      applied: [],
      problems: [proposal.problem ?? 'The generator produced no code.'],
      executed: false,
    };
  }
  const fixed = deps.checker.fixAll(proposal.code, fileName);
  const code = fixed.source;
  const base = { code, findings: fixed.remaining, applied: fixed.applied };
  const errors = fixed.remaining.filter((f) => f.severity === 'error');
  if (errors.length > 0) return { ...base, problems: errors, executed: false };
  const parsed = parseHyperparameters(proposal.hyperparameterText);
  if (!parsed.ok) return { ...base, problems: [parsed.message], executed: false };
  const hyperparameters = resolveHyperparameters(
    parsed.values,
    deps.checker.check(code, fileName).declaredHyperparameters,
  );
  if (!deps.executionCheck || !deps.trusted) return { ...base, hyperparameters, problems: [], executed: false };
  const run = await deps.executionCheck(code, fileName, deps.signal);
  return {
    ...base,
    hyperparameters,
    problems: run.ok ? [] : [`The execution check failed: ${run.message}`],
    executed: true,
  };
}
