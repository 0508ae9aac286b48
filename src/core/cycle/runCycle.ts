/**
 * One cycle of the novelty-loop paper's ("From Memorization to Creativity") loop: generate N candidates from the seed, validate, dedup and
 * novelty-check each against the corpus and the cycle, train the novel ones with the 1-epoch
 * proxy, admit those at or above the accuracy threshold, and name the best admitted as the next
 * seed. Generation of the next candidates overlaps their training, and `settings.parallel` trainers
 * take candidates as they come free. Everything is recorded in the store as it happens, so a cycle
 * interrupted by a reload can be resumed.
 */
import type { CycleStats } from '../../shared/historyModel';
import type { EpochMetrics, ProgressMessage, ReadyMessage } from '../../shared/trainerProtocol';
import { generateVariant } from '../generate/generateVariant';
import type { GenerateResult } from '../generate/generateVariant';
import { createNoveltyJudge } from '../generate/noveltyJudge';
import type { ExecutionCheck, StaticChecker } from '../generate/ports';
import type { SeedNet, VariantGenerator } from '../generate/variantGenerator';
import type { PromptInspiration } from '../prompts/promptPlaceholderValues';
import { loadCorpusFromStore } from '../novelty/corpusLoader';
import type { NoveltyChecker } from '../novelty/noveltyChecker';
import type { HistoryStore } from '../store/historyStore';
import { seededRandom } from '../retrieve/seededRandom';
import type { EditOutcome, ParentReason, TokenUsage, VariantStatus } from '../store/storeTypes';
import type { ArchiveSettings, Elite } from './archive';
import { Archive, defaultArchiveSettings } from './archive';
import { Channel } from './channel';
import type { CycleTally } from './cycleTally';
import { cycleStats, parseTally } from './cycleTally';
import type { SelectionRatios } from './parentSelection';
import { chooseInspirations, defaultSelectionRatios, selectParent } from './parentSelection';
import { trainAndRecord } from './trainAndRecord';
import type { TrainPort } from './trainPort';

/** What a cycle runs with (the host reads these from settings, the CLI from flags). */
export interface CycleSettings {
  readonly candidates: number;
  readonly dataset: string;
  /** Accuracy at or above which a novel, trained candidate is admitted (the novelty-loop paper: 0.40 on CIFAR-10). */
  readonly threshold: number;
  /** Whether the workspace is trusted: the execution check runs only then. */
  readonly trusted: boolean;
  readonly k: number;
  readonly maxRepairs: number;
  readonly randomSeed: number;
  /** How parents and inspirations are drawn from the archive (defaults: {@link defaultSearchSettings}). */
  readonly search?: SearchSettings;
  /**
   * Candidates trained at once (default 1): each trainer takes the next candidate when it is free.
   * The host and the CLI resolve `nngpt.training.parallel` / `--parallel` (see trainerParallelism.ts).
   */
  readonly parallel?: number;
}

/** The search over the archive of elites. */
export interface SearchSettings {
  readonly archive: ArchiveSettings;
  readonly ratios: SelectionRatios;
  /** Inspirations per prompt (0 for none). */
  readonly inspirations: number;
  /** Failures of the parent's earlier candidates per prompt (0 for none). */
  readonly failures: number;
  /** Islands the cycles take turns on, with ring migration (1: one archive). */
  readonly islands?: number;
}

/** OpenEvolve's ratios, three inspirations, the last three failures, one island. */
export const defaultSearchSettings: SearchSettings = {
  archive: defaultArchiveSettings,
  ratios: defaultSelectionRatios,
  inspirations: 3,
  failures: 3,
  islands: 1,
};

/** The parts a cycle is made of. */
export interface CycleDeps {
  readonly store: HistoryStore;
  readonly novelty: NoveltyChecker;
  readonly generator: VariantGenerator;
  readonly checker: StaticChecker;
  readonly executionCheck?: ExecutionCheck;
  readonly train: TrainPort;
  /** Writes a candidate's code to a file beside the seed; returns its path (none for the CLI's dry runs). */
  readonly saveVariant?: (code: string, name: string) => Promise<string | undefined>;
  readonly now?: () => number;
}

/** The seed Net of a cycle, with where it lives. */
export interface CycleSeed extends SeedNet {
  readonly filePath?: string;
  readonly name: string;
}

/** What a running cycle reports. */
export type CycleEvent =
  | { readonly type: 'started'; readonly cycleId: number; readonly index: number; readonly resumed: boolean }
  | { readonly type: 'generating'; readonly candidate: number; readonly message: string }
  | {
      readonly type: 'candidate';
      readonly candidate: number;
      readonly status: GenerateResult['status'];
      readonly variantId?: string;
      readonly name?: string;
      readonly message: string;
      /** The Net it was made from and why that one was chosen. */
      readonly parentId?: string;
      readonly parentName?: string;
      readonly reason?: ParentReason;
      /** How the LLM wrote it and what its generation cost (LLM generator only). */
      readonly editOutcome?: EditOutcome;
      readonly tokens?: TokenUsage;
    }
  | { readonly type: 'training'; readonly variantId: string; readonly name: string; readonly runId: number }
  | { readonly type: 'ready'; readonly runId: number; readonly ready: ReadyMessage }
  | { readonly type: 'progress'; readonly runId: number; readonly progress: ProgressMessage }
  | { readonly type: 'epoch'; readonly runId: number; readonly metrics: EpochMetrics }
  | {
      readonly type: 'trained';
      readonly variantId: string;
      /** The run that trained it (views keep one live run per trainer). */
      readonly runId: number;
      readonly name: string;
      readonly accuracy: number | null;
      readonly admitted: boolean;
      readonly message: string;
    }
  | { readonly type: 'finished'; readonly stats: CycleStats };

/** How a cycle ended, and the seed for the next one. */
export interface CycleResult {
  readonly cycleId: number;
  readonly status: 'completed' | 'cancelled';
  readonly stats: CycleStats;
  /** The best admitted variant of this cycle, if any — the next cycle's seed. */
  readonly best?: {
    readonly id: string;
    readonly name: string;
    readonly code: string;
    readonly filePath?: string;
    readonly accuracy: number;
  };
}

/** A novel candidate waiting for the trainer. */
interface Queued {
  readonly id: string;
  /** The Net it was made from, whose failures list gains its training failure. */
  readonly parentId: string | null;
  readonly name: string;
  readonly code: string;
  readonly hyperparameters: Readonly<Record<string, number>>;
}

/** Key under which a cycle's tally is kept in the store. */
export const tallyKey = (cycleId: number) => `cycle:${cycleId}:tally`;

/** Runs (or resumes) one cycle. Never throws for a failed candidate; cancellation ends it as `cancelled`. */
export async function runCycle(
  deps: CycleDeps,
  seed: CycleSeed,
  settings: CycleSettings,
  options: {
    readonly signal?: AbortSignal;
    readonly onEvent?: (event: CycleEvent) => void;
    readonly resumeCycleId?: number;
  } = {},
): Promise<CycleResult> {
  const { store, novelty } = deps;
  const now = deps.now ?? Date.now;
  const emit = options.onEvent ?? (() => undefined);
  const started = now();
  const seedId = recordSeed(store, novelty, seed);
  loadCorpusFromStore(store, novelty, ['admitted']);
  novelty.clearCycle();

  const resumed = options.resumeCycleId !== undefined;
  const cycleId = resumed ? options.resumeCycleId! : store.startCycle({ ...settings, seedId, seedName: seed.name });
  const index = store.listCycles().filter((c) => c.id <= cycleId).length;
  const tally: CycleTally = resumed ? parseTally(store.getMeta(tallyKey(cycleId))) : parseTally(undefined);
  tally.threshold = settings.threshold;
  const saveTally = () => store.setMeta(tallyKey(cycleId), JSON.stringify(tally));
  emit({ type: 'started', cycleId, index, resumed });

  const search = settings.search ?? defaultSearchSettings;
  // Rebuilt from the store each cycle: what earlier cycles (and runs by hand) measured counts too.
  const islands = Math.max(1, Math.floor(search.islands ?? 1));
  const positions = new Map(store.listCycles().map((c, i) => [c.id, i + 1]));
  const archive = Archive.rebuild(store, settings.dataset, search.archive, {
    count: islands,
    current: (index - 1) % islands,
    cycleIndex: (id) => positions.get(id),
  });
  const trainers = trainerCount(settings.parallel);
  tally.trainers = trainers;
  // The producer may run one candidate ahead per trainer: a trainer that comes free finds one waiting.
  const queue = new Channel<Queued>(trainers);
  const leftover = resumed ? requeueUnfinished(store, novelty, cycleId) : [];
  const signal = options.signal;

  const produce = async () => {
    for (const item of leftover) await queue.put(item);
    const judge = createNoveltyJudge(novelty, (id) => (store.getVariant(id) ? id : undefined));
    for (let n = tally.candidates; n < settings.candidates && !signal?.aborted; n++) {
      const randomSeed = settings.randomSeed + cycleId * 1000 + n;
      const parent = chooseParent(archive, seed, seedId, search, randomSeed);
      tally[parentTallyKey[parent.reason]]++;
      emit({
        type: 'generating',
        candidate: n + 1,
        message: `Generating candidate ${n + 1} of ${settings.candidates} from ${parent.name} (${parent.reason})`,
      });
      const failures = search.failures > 0 ? store.listFailures(parent.id, search.failures).map((f) => f.message) : [];
      const result = await generateVariant(
        { generator: deps.generator, checker: deps.checker, executionCheck: deps.executionCheck, novelty: judge },
        {
          seed: parent.net,
          trusted: settings.trusted,
          maxRepairs: settings.maxRepairs,
          k: settings.k,
          randomSeed,
          learned: { inspirations: parent.inspirations, failures },
          signal,
        },
      );
      if (result.status === 'cancelled') break;
      const name = `${seed.name}.c${index}v${n + 1}`;
      countGeneration(tally, result);
      const queued = await recordCandidate(deps, cycleId, parent, name, result, tally);
      tally.candidates++;
      saveTally();
      emit({
        type: 'candidate',
        candidate: n + 1,
        status: result.status,
        variantId: queued?.id,
        name: result.code ? name : undefined,
        message: result.message,
        parentId: parent.id,
        parentName: parent.name,
        reason: parent.reason,
        editOutcome: result.editOutcome,
        tokens: result.usage,
      });
      if (queued) await queue.put(queued);
    }
    queue.close();
  };

  // One consumer per trainer; each takes the next candidate when its last one is done, so a slow
  // Net holds up one trainer, not the cycle. The idle time sums over them (trainer-seconds).
  const consume = async () => {
    for (;;) {
      const waitStart = now();
      const item = await queue.take();
      tally.trainerIdleS += (now() - waitStart) / 1000;
      if (!item || signal?.aborted) return;
      await trainCandidate(deps, item, settings, tally, emit, signal, archive, cycleId);
      saveTally();
    }
  };

  await Promise.all([produce().finally(() => queue.close()), ...Array.from({ length: trainers }, consume)]);
  tally.wallS += (now() - started) / 1000;
  tally.corpusSize = novelty.corpusSize;
  tally.archiveFilled = archive.filled;
  saveTally();
  const status = signal?.aborted ? 'cancelled' : 'completed';
  store.endCycle(cycleId, status);
  const stats = cycleStats(cycleId, index, tally);
  emit({ type: 'finished', stats });
  await store.flush();
  return { cycleId, status, stats, best: bestAdmitted(store, cycleId) };
}

/** Puts the seed in the store (once) and in the novelty corpus; returns its id. */
function recordSeed(store: HistoryStore, novelty: NoveltyChecker, seed: CycleSeed): string {
  const signature = novelty.signatureOf(seed.code);
  const added = store.addVariant({
    code: seed.code,
    generator: 'seed',
    name: seed.name,
    filePath: seed.filePath ?? null,
    status: 'admitted',
    signature,
  });
  novelty.addToCorpus(added.id, signature);
  return added.id;
}

/** The Net a candidate is made from, why, and what its prompt shows besides. */
interface ChosenParent {
  readonly id: string;
  readonly name: string;
  readonly net: SeedNet;
  readonly reason: ParentReason;
  readonly inspirations: readonly PromptInspiration[];
}

const parentTallyKey = {
  exploit: 'exploitParents',
  explore: 'exploreParents',
  seed: 'seedParents',
} as const satisfies Record<ParentReason, keyof CycleTally>;

/** Draws candidate `randomSeed`'s parent and inspirations from the archive (the same seed draws the same). */
function chooseParent(
  archive: Archive,
  seed: CycleSeed,
  seedId: string,
  search: SearchSettings,
  randomSeed: number,
): ChosenParent {
  const random = seededRandom(randomSeed ^ 0x5eed);
  const elites = archive.elites();
  const choice = selectParent(elites, search.ratios, random);
  const inspirations = (parentId: string) =>
    chooseInspirations(elites, parentId, search.inspirations, random).map(asInspiration);
  if (choice.elite) {
    const e = choice.elite;
    return {
      id: e.id,
      name: e.name,
      net: { code: e.code, fileName: `${e.name}.net.ts`, accuracy: e.accuracy },
      reason: choice.reason,
      inspirations: inspirations(e.id),
    };
  }
  const measured = elites.find((e) => e.id === seedId)?.accuracy;
  return {
    id: seedId,
    name: seed.name,
    net: { code: seed.code, fileName: seed.fileName, accuracy: seed.accuracy ?? measured },
    reason: 'seed',
    inspirations: inspirations(seedId),
  };
}

function asInspiration(e: Elite): PromptInspiration {
  return {
    name: e.name,
    accuracy: e.accuracy,
    paramCount: e.paramCount,
    family: e.structure.family,
    summary: e.structure.summary,
    code: e.code,
  };
}

/** Counts how the candidate was written and what it cost. */
function countGeneration(tally: CycleTally, result: GenerateResult): void {
  tally.promptTokens += result.usage?.promptTokens ?? 0;
  tally.completionTokens += result.usage?.completionTokens ?? 0;
  if (result.editOutcome === 'full') tally.fullEdits++;
  else if (result.editOutcome === 'diff applied') tally.diffApplied++;
  else if (result.editOutcome === 'diff repaired') tally.diffRepaired++;
  else if (result.editOutcome === 'diff failed → full') tally.diffFailed++;
}

/** The stored status of a candidate, by how its generation ended. */
const candidateStatus = {
  novel: 'queued',
  'near-duplicate': 'near-duplicate',
  duplicate: 'duplicate',
  invalid: 'invalid',
  failed: 'invalid',
  cancelled: 'invalid',
} as const satisfies Record<GenerateResult['status'], VariantStatus>;

/** Stores one generated candidate with its lineage; returns it when it should be trained. */
async function recordCandidate(
  deps: CycleDeps,
  cycleId: number,
  parent: ChosenParent,
  name: string,
  result: GenerateResult,
  tally: CycleTally,
): Promise<Queued | undefined> {
  if (!result.code) {
    tally.invalid++;
    // The checker's (or extraction's) last word goes to the next prompt from the same parent; an
    // LLM that could not be reached ('failed') says nothing about the Net.
    if (result.status === 'invalid')
      deps.store.addFailure({
        parentId: parent.id,
        cycleId,
        stage: 'check',
        message: result.attempts[result.attempts.length - 1]?.error ?? result.message,
      });
    return undefined;
  }
  const last = result.attempts[result.attempts.length - 1];
  const status = candidateStatus[result.status];
  if (status === 'invalid') tally.invalid++;
  else tally.valid++;
  if (status === 'duplicate') tally.duplicates++;
  if (status === 'near-duplicate') tally.nearDuplicates++;
  const signature = deps.novelty.signatureOf(result.code);
  const filePath = status === 'queued' && deps.saveVariant ? await deps.saveVariant(result.code, name) : undefined;
  const added = deps.store.addVariant({
    code: result.code,
    generator: result.generator,
    cycleId,
    name,
    filePath: filePath ?? null,
    parentId: parent.id,
    parentReason: parent.reason,
    editOutcome: result.editOutcome ?? null,
    tokens: result.usage ?? null,
    snippets: result.snippets,
    prompt: result.prompt ? { ...result.prompt, hash: result.promptHash } : null,
    hyperparameters: result.hyperparameters ? { ...result.hyperparameters } : undefined,
    findings: last?.findings ?? [],
    signature,
    status,
    novelty: {
      score: result.nearest ? 1 - result.nearest.similarity : 1,
      nearestId: result.nearest?.id ?? null,
      nearestSimilarity: result.nearest?.similarity ?? null,
    },
  });
  if (!added.inserted || status !== 'queued') return undefined;
  deps.novelty.addToCycle(added.id, signature);
  return { id: added.id, parentId: parent.id, name, code: result.code, hyperparameters: result.hyperparameters ?? {} };
}

/** Trains one candidate (recording the run and its epochs), then admits or rejects it. */
async function trainCandidate(
  deps: CycleDeps,
  item: Queued,
  settings: CycleSettings,
  tally: CycleTally,
  emit: (event: CycleEvent) => void,
  signal: AbortSignal | undefined,
  archive: Archive,
  cycleId: number,
): Promise<void> {
  const { store } = deps;
  let runId = -1;
  const { outcome, accuracy } = await trainAndRecord(
    store,
    deps.train,
    {
      variantId: item.id,
      name: item.name,
      code: item.code,
      fileName: `${item.name}.net.ts`,
      dataset: settings.dataset,
      hyperparameters: item.hyperparameters,
      signal,
    },
    {
      onRunStarted: (id) => {
        runId = id;
        emit({ type: 'training', variantId: item.id, name: item.name, runId });
      },
      onReady: (ready) => emit({ type: 'ready', runId, ready }),
      onProgress: (progress) => emit({ type: 'progress', runId, progress }),
      onEpoch: (metrics) => emit({ type: 'epoch', runId, metrics }),
    },
    deps.now,
  );
  if (accuracy === null) {
    if (outcome.status === 'failed') {
      tally.trainFailed++;
      if (item.parentId)
        store.addFailure({
          parentId: item.parentId,
          cycleId,
          stage: 'train',
          message: `Training failed (${outcome.reason ?? 'failed'})${outcome.message ? `: ${outcome.message}` : ''}`,
        });
    }
    emit({
      type: 'trained',
      variantId: item.id,
      runId,
      name: item.name,
      accuracy: null,
      admitted: false,
      message: outcome.message ?? outcome.status,
    });
    return;
  }
  tally.accuracies.push(accuracy);
  const first = outcome.epochs[0];
  archive.place({
    id: item.id,
    name: item.name,
    code: item.code,
    accuracy: first?.testAccuracy ?? accuracy,
    paramCount: outcome.summary?.paramCount ?? first?.paramCount ?? null,
  });
  const admit = accuracy >= settings.threshold;
  store.setVariantStatus(item.id, admit ? 'admitted' : 'rejected');
  if (admit) {
    tally.admitted++;
    const signature = store.getVariant(item.id)?.signature;
    if (signature) deps.novelty.addToCorpus(item.id, signature);
  }
  emit({
    type: 'trained',
    variantId: item.id,
    runId,
    name: item.name,
    accuracy,
    admitted: admit,
    message: `${item.name}: ${(accuracy * 100).toFixed(1)}% ${admit ? '≥' : '<'} threshold ${(settings.threshold * 100).toFixed(0)}%${admit ? ' — admitted' : ''}`,
  });
}

/** The trainers a cycle runs at once: a whole number ≥ 1 (anything else is 1). */
function trainerCount(parallel: number | undefined): number {
  return parallel !== undefined && Number.isFinite(parallel) ? Math.max(1, Math.floor(parallel)) : 1;
}

/** The cycle's best admitted variant (also those admitted before a resume). */
function bestAdmitted(store: HistoryStore, cycleId: number): CycleResult['best'] {
  const rows = store
    .listVariants({ statuses: ['admitted'], cycleFrom: cycleId, cycleTo: cycleId })
    .filter((r) => r.bestAccuracy !== null);
  const top = rows.sort((a, b) => b.bestAccuracy! - a.bestAccuracy!)[0];
  if (!top) return undefined;
  const v = top.variant;
  return {
    id: v.id,
    name: v.name ?? v.id.slice(0, 8),
    code: v.code,
    filePath: v.filePath ?? undefined,
    accuracy: top.bestAccuracy!,
  };
}

/** After a reload: the cycle's candidates that were queued or training, to train first. */
function requeueUnfinished(store: HistoryStore, novelty: NoveltyChecker, cycleId: number): Queued[] {
  const rows = store.listVariants({ statuses: ['queued', 'training'], cycleFrom: cycleId, cycleTo: cycleId });
  return rows.map(({ variant }) => {
    if (variant.signature) novelty.addToCycle(variant.id, variant.signature);
    return {
      id: variant.id,
      parentId: variant.parentId,
      name: variant.name ?? variant.id.slice(0, 8),
      code: variant.code,
      hyperparameters: variant.hyperparameters,
    };
  });
}
