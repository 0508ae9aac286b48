/**
 * The generate pipeline behind "NNGPT: Generate Variant", `nngpt generate` and the cycle:
 * propose → validate (static check, safe fixes, hyperparameters, execution check) → on a
 * problem, propose again with it (≤ maxRepairs times) → exact dedup against the seed →
 * novelty against the store. Never throws for a failed generation: the result says what
 * happened, in words a user can act on.
 */
import { isLlmError } from '../llm/llmError';
import type { Finding } from '../netApi/finding';
import { codeId } from '../novelty/codeId';
import type { Hyperparameters } from './hyperparameters';
import type { ExecutionCheck, NoveltyJudge, NoveltyVerdict, StaticChecker } from './ports';
import { validateCandidate } from './validateCandidate';
import type { EditOutcome, TokenUsage } from '../store/storeTypes';
import type {
  GeneratePrompt,
  GeneratorKind,
  LearnedContext,
  PreviousTry,
  SeedNet,
  VariantGenerator,
} from './variantGenerator';

/** How a generation ended. */
export type GenerateStatus = 'novel' | 'near-duplicate' | 'duplicate' | 'invalid' | 'cancelled' | 'failed';

/** One try: the reply, what the checker still found after safe fixes, and why it was rejected. */
export interface AttemptRecord {
  readonly reply: string;
  readonly findings: readonly Finding[];
  readonly applied: readonly string[];
  readonly error?: string;
}

/** The outcome. `code` and `hyperparameters` are set for every valid variant (novel or not). */
export interface GenerateResult {
  readonly status: GenerateStatus;
  readonly generator: GeneratorKind;
  readonly code?: string;
  readonly hyperparameters?: Hyperparameters;
  readonly attempts: readonly AttemptRecord[];
  readonly promptHash?: string;
  /** The generate prompt's text (LLM generator only). */
  readonly prompt?: GeneratePrompt;
  readonly snippets: readonly string[];
  readonly nearest?: { readonly id: string; readonly similarity: number };
  readonly description?: string;
  /** Whether the execution check ran on the returned code. */
  readonly executed: boolean;
  readonly message: string;
  /** How the first LLM try wrote its code (diff or whole file); repairs of it keep it. */
  readonly editOutcome?: EditOutcome;
  /** Tokens all tries cost together, when the server reported them. */
  readonly usage?: TokenUsage;
}

/** A progress report; `delta` carries streamed reply text. */
export interface GenerateProgress {
  readonly stage: 'generating' | 'checking' | 'executing' | 'repairing' | 'novelty';
  readonly attempt: number;
  readonly message: string;
  readonly delta?: string;
}

/** The parts the pipeline is made of. */
export interface GenerateDeps {
  readonly generator: VariantGenerator;
  readonly checker: StaticChecker;
  readonly executionCheck?: ExecutionCheck;
  readonly novelty: NoveltyJudge;
}

/** One generation. */
export interface GenerateRequest {
  readonly seed: SeedNet;
  /** Run the execution check: only in a trusted workspace (the caller knows). */
  readonly trusted: boolean;
  /** Re-prompts after the first try; NNGPT's default is 2. */
  readonly maxRepairs?: number;
  /** Snippets per prompt, 1..10 (default 5). */
  readonly k?: number;
  /** Retrieval / mutation seed (default 0). */
  readonly randomSeed?: number;
  /** The search's inspirations and the seed's recent failures, for the prompt. */
  readonly learned?: LearnedContext;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: GenerateProgress) => void;
}

/** NNGPT re-prompts at most twice. */
export const defaultMaxRepairs = 2;

/** Runs the pipeline once; see the file comment. */
export async function generateVariant(deps: GenerateDeps, request: GenerateRequest): Promise<GenerateResult> {
  const maxAttempts = 1 + Math.max(0, Math.floor(request.maxRepairs ?? defaultMaxRepairs));
  const attempts: AttemptRecord[] = [];
  let lineage: Pick<GenerateResult, 'promptHash' | 'prompt' | 'snippets' | 'description' | 'editOutcome' | 'usage'> = {
    snippets: [],
  };
  const report = (stage: GenerateProgress['stage'], attempt: number, message: string, delta?: string) =>
    request.onProgress?.({ stage, attempt, message, delta });
  const end = (status: GenerateStatus, message: string, extra: Partial<GenerateResult> = {}): GenerateResult => ({
    status,
    generator: deps.generator.kind,
    attempts,
    ...lineage,
    executed: false,
    message,
    ...extra,
  });
  let previous: PreviousTry | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (request.signal?.aborted) return end('cancelled', 'Generation cancelled.');
    report(
      attempt === 1 ? 'generating' : 'repairing',
      attempt,
      attemptMessage(deps.generator.kind, attempt, maxAttempts),
    );
    try {
      const proposal = await deps.generator.propose({
        seed: request.seed,
        attempt,
        maxAttempts,
        previous,
        k: request.k ?? 5,
        randomSeed: request.randomSeed ?? 0,
        learned: request.learned,
        signal: request.signal,
        onDelta: (text) => report('generating', attempt, 'Receiving the reply…', text),
      });
      lineage = {
        promptHash: proposal.promptHash,
        prompt: proposal.prompt,
        snippets: proposal.snippets,
        description: proposal.description,
        editOutcome: lineage.editOutcome ?? proposal.editOutcome,
        usage: addUsage(lineage.usage, proposal.usage),
      };
      report('checking', attempt, 'Checking the Net API…');
      if (deps.executionCheck && request.trusted && proposal.code !== undefined)
        report('executing', attempt, 'Running the execution check…');
      const validation = await validateCandidate(proposal, request.seed.fileName, {
        ...deps,
        trusted: request.trusted,
        signal: request.signal,
      });
      // A cancelled execution check reports a failure; it is the user's cancel, not the Net's fault.
      if (request.signal?.aborted) return end('cancelled', 'Generation cancelled.');
      const error = validation.problems.length > 0 ? describeProblems(validation.problems) : undefined;
      attempts.push({ reply: proposal.reply, findings: validation.findings, applied: validation.applied, error });
      if (error === undefined && validation.code !== undefined) {
        report('novelty', attempt, 'Comparing with known Nets…');
        const verdict = await judgeNovelty(deps.novelty, request.seed.code, validation.code);
        return end(verdict.status, verdict.message, {
          code: validation.code,
          hyperparameters: validation.hyperparameters,
          executed: validation.executed,
          nearest: verdict.nearest,
        });
      }
      previous = {
        reply: proposal.reply,
        code: validation.code,
        problems: validation.problems,
        promptHash: proposal.promptHash,
        prompt: proposal.prompt,
        snippets: proposal.snippets,
      };
    } catch (error) {
      if (request.signal?.aborted || isLlmError(error, 'cancelled')) return end('cancelled', 'Generation cancelled.');
      return end('failed', error instanceof Error ? error.message : String(error));
    }
  }
  const last = attempts[attempts.length - 1]?.error ?? 'no candidate';
  return end('invalid', `No valid Net after ${maxAttempts} attempt(s). Last problem: ${last}`);
}

function addUsage(a: TokenUsage | undefined, b: TokenUsage | undefined): TokenUsage | undefined {
  if (!a || !b) return a ?? b;
  return { promptTokens: a.promptTokens + b.promptTokens, completionTokens: a.completionTokens + b.completionTokens };
}

/** Exact dedup against the seed first (no store needed), then the novelty port. */
async function judgeNovelty(
  novelty: NoveltyJudge,
  seedCode: string,
  code: string,
): Promise<{ status: GenerateStatus; message: string; nearest?: NoveltyVerdict['nearest'] }> {
  const seedId = codeId(seedCode);
  if (codeId(code) === seedId)
    return {
      status: 'duplicate',
      message: 'The variant is the seed itself (same code up to whitespace).',
      nearest: { id: seedId, similarity: 1 },
    };
  const { verdict, nearest } = await novelty.judge(code);
  const where = nearest ? ` (nearest ${nearest.id}, similarity ${nearest.similarity.toFixed(2)})` : '';
  const words = {
    novel: 'A novel variant',
    'near-duplicate': 'A near-duplicate of a known Net',
    duplicate: 'An exact duplicate of a known Net',
  }[verdict];
  return { status: verdict, message: `${words}${where}.`, nearest };
}

/** What the user sees as an attempt starts: a rejected mutation is not repaired but replaced. */
function attemptMessage(kind: GeneratorKind, attempt: number, maxAttempts: number): string {
  if (attempt === 1) return `Generating a variant (${kind === 'llm' ? 'LLM' : 'offline mutation'})…`;
  return kind === 'llm'
    ? `Repair attempt ${attempt - 1} of ${maxAttempts - 1}…`
    : `Trying another mutation (${attempt} of ${maxAttempts})…`;
}

/** One line per problem: findings as `message [code]`, other problems as they are. */
function describeProblems(problems: readonly (Finding | string)[]): string {
  return problems.map((p) => (typeof p === 'string' ? p : `${p.message} [${p.code}]`)).join('\n');
}
