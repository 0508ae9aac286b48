/**
 * The search's archive of elites: a MAP-Elites grid over a parameter-count bucket × a structural
 * descriptor (depth in weight layers, or the architecture family). Each cell keeps the variant
 * with the best first-epoch accuracy that fell into it. The grid holds nothing the store does not:
 * it is rebuilt from the store's trained variants whenever a cycle starts, and grows as the
 * cycle's candidates finish training.
 */
import type { EvaluatedVariant } from '../store/storeTypes';
import type { NetStructure } from './netStructure';
import { netStructure } from './netStructure';

/** Which structural feature is the grid's second axis. */
export type ArchiveDescriptor = 'depth' | 'family';

/** The grid's shape. */
export interface ArchiveSettings {
  /** Upper bounds (inclusive) of the parameter-count buckets, ascending; above the last is one more bucket. */
  readonly paramBuckets: readonly number[];
  readonly descriptor: ArchiveDescriptor;
}

/** Buckets that separate the tiny, small, medium and large Nets a 500k parameter budget allows. */
export const defaultArchiveSettings: ArchiveSettings = {
  paramBuckets: [25_000, 100_000, 250_000],
  descriptor: 'depth',
};

/** Upper bounds of the depth bins: ≤2, 3–4, 5–6, 7–9, 10+ weight layers. */
const depthBins = [2, 4, 6, 9] as const;

/**
 * Islands (OpenEvolve's): the cycles take turns, cycle n searching island (n − 1) mod count, so each
 * island evolves on its own, and each turn the best elite of the island before it in the ring
 * migrates in. Variants made outside a cycle (the starting Net, runs by hand) belong to every island.
 */
export interface IslandView {
  readonly count: number;
  /** The island this cycle searches, 0-based. */
  readonly current: number;
  /** A cycle id → its 1-based position among the store's cycles. */
  readonly cycleIndex: (cycleId: number) => number | undefined;
}

/** The island a variant lives on; undefined for a variant of no cycle (it lives on every island). */
export function islandOf(cycleId: number | null, view: IslandView): number | undefined {
  if (cycleId === null) return undefined;
  const index = view.cycleIndex(cycleId);
  return index === undefined ? undefined : (index - 1) % view.count;
}

/** An elite: the best variant of its cell. */
export interface Elite {
  readonly id: string;
  readonly name: string;
  readonly code: string;
  readonly filePath?: string;
  readonly accuracy: number;
  readonly paramCount: number;
  readonly structure: NetStructure;
  /** e.g. "25k–100k params × depth 3–4". */
  readonly cell: string;
  /** The cell's parameter bucket, e.g. "25k–100k" (one of {@link archiveBucketLabels}). */
  readonly bucket: string;
  /** The cell's descriptor value, e.g. "3–4" or "resnet" (for depth, one of {@link archiveDepthLabels}). */
  readonly descriptor: string;
}

/** Checks a grid's settings; returns a problem in words, or undefined when they are usable. */
export function archiveSettingsProblem(settings: ArchiveSettings): string | undefined {
  const b = settings.paramBuckets;
  if (b.length === 0 || b.length > 12) return 'the parameter buckets need 1 to 12 upper bounds';
  if (b.some((x, i) => !Number.isInteger(x) || x < 1 || (i > 0 && x <= b[i - 1])))
    return `the parameter buckets must be ascending whole numbers ≥ 1, got ${b.join(', ')}`;
  if (settings.descriptor !== 'depth' && settings.descriptor !== 'family')
    return `the descriptor must be 'depth' or 'family', got '${String(settings.descriptor)}'`;
  return undefined;
}

/** See the file comment. */
export class Archive {
  private readonly grid = new Map<string, Elite>();

  constructor(readonly settings: ArchiveSettings = defaultArchiveSettings) {
    const problem = archiveSettingsProblem(settings);
    if (problem) throw new RangeError(`archive: ${problem}`);
  }

  /**
   * The archive of everything `source` has measured on `dataset`; with `island`, only what that
   * island holds (see {@link islandOf}) plus, by ring migration, the best elite of the island before it.
   */
  static rebuild(
    source: { listEvaluated(dataset: string): EvaluatedVariant[] },
    dataset: string,
    settings?: ArchiveSettings,
    island?: IslandView,
  ): Archive {
    const archive = new Archive(settings);
    const variants = source.listEvaluated(dataset);
    if (!island || island.count <= 1) {
      for (const variant of variants) archive.place(variant);
      return archive;
    }
    const home = (v: EvaluatedVariant) => islandOf(v.cycleId, island);
    const previous = (island.current + island.count - 1) % island.count;
    // The migrant is the best Net the neighbour made itself; the shared ones are here already.
    const neighbour = new Archive(settings);
    for (const variant of variants) if (home(variant) === previous) neighbour.place(variant);
    for (const variant of variants)
      if (home(variant) === undefined || home(variant) === island.current) archive.place(variant);
    const migrant = neighbour.elites()[0];
    if (migrant) archive.place({ ...migrant, filePath: migrant.filePath ?? null });
    return archive;
  }

  /**
   * Offers a measured variant to its cell; returns whether it became the cell's elite. A variant
   * without a parameter count has no place on the grid. Ties keep the elite already there.
   */
  place(
    variant: Pick<EvaluatedVariant, 'id' | 'name' | 'code' | 'accuracy' | 'paramCount'> & {
      readonly filePath?: string | null;
    },
  ): boolean {
    if (variant.paramCount === null || !Number.isFinite(variant.accuracy)) return false;
    const structure = netStructure(variant.code);
    const cell = this.cellOf(variant.paramCount, structure);
    const bucket = bucketLabel(variant.paramCount, this.settings.paramBuckets);
    const descriptor = this.descriptorOf(structure);
    const current = this.grid.get(cell);
    if (current && current.accuracy >= variant.accuracy) return false;
    this.grid.set(cell, {
      id: variant.id,
      name: variant.name ?? variant.id.slice(0, 8),
      code: variant.code,
      filePath: variant.filePath ?? undefined,
      accuracy: variant.accuracy,
      paramCount: variant.paramCount,
      structure,
      cell,
      bucket,
      descriptor,
    });
    // One variant holds one cell: a re-measured variant whose count moved it leaves its old cell.
    for (const [key, elite] of this.grid) if (elite.id === variant.id && key !== cell) this.grid.delete(key);
    return true;
  }

  /** The cell a Net of this size and structure falls into. */
  cellOf(paramCount: number, structure: NetStructure): string {
    return `${bucketLabel(paramCount, this.settings.paramBuckets)} params × ${this.settings.descriptor === 'depth' ? `depth ${depthLabel(structure.depth)}` : structure.family}`;
  }

  /** The descriptor value of a structure on this grid: its depth bin, or its family. */
  descriptorOf(structure: NetStructure): string {
    return this.settings.descriptor === 'depth' ? depthLabel(structure.depth) : structure.family;
  }

  /** Every elite, best first (ties by id, so the order is reproducible). */
  elites(): Elite[] {
    return [...this.grid.values()].sort((a, b) => b.accuracy - a.accuracy || (a.id < b.id ? -1 : 1));
  }

  /** How many cells hold an elite. */
  get filled(): number {
    return this.grid.size;
  }

  /** How many cells the grid has, when the descriptor has a fixed number of values (depth); undefined for family. */
  get cells(): number | undefined {
    return this.settings.descriptor === 'depth'
      ? (this.settings.paramBuckets.length + 1) * (depthBins.length + 1)
      : undefined;
  }
}

/** The labels of the grid's parameter buckets, smallest first (the rows of the archive view). */
export function archiveBucketLabels(bounds: readonly number[]): string[] {
  return [...bounds.map((b) => bucketLabel(b, bounds)), bucketLabel(bounds[bounds.length - 1] + 1, bounds)];
}

/** The labels of the depth bins, shallowest first (the columns of a depth grid). */
export function archiveDepthLabels(): string[] {
  return [...depthBins.map((b) => depthLabel(b)), depthLabel(depthBins[depthBins.length - 1] + 1)];
}

function bucketLabel(paramCount: number, bounds: readonly number[]): string {
  const i = bounds.findIndex((b) => paramCount <= b);
  if (i === 0) return `≤${short(bounds[0])}`;
  if (i === -1) return `>${short(bounds[bounds.length - 1])}`;
  return `${short(bounds[i - 1])}–${short(bounds[i])}`;
}

function depthLabel(depth: number): string {
  const i = depthBins.findIndex((b) => depth <= b);
  if (i === 0) return `≤${depthBins[0]}`;
  if (i === -1) return `${depthBins[depthBins.length - 1] + 1}+`;
  return `${depthBins[i - 1] + 1}–${depthBins[i]}`;
}

function short(n: number): string {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 100 === 0) return `${n / 1e3}k`;
  return String(n);
}
