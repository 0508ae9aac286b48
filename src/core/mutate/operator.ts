/**
 * The shape every mutation operator has: given a parsed Net and a seeded random source, propose
 * one concrete change (new source text plus a line saying what changed), or nothing when the
 * operator has no target in this Net.
 */
import type { NetFile } from '../netApi/netFile';
import type { InlineBlock } from './snippetBlock';

/** What operators may draw on. `random` is the only source of choice, so a seed fixes the result. */
export interface MutationContext {
  readonly random: () => number;
  readonly blocks: readonly InlineBlock[];
}

/** One applied change. */
export interface Mutation {
  readonly source: string;
  /** Human-readable, e.g. "conv2d#2 filters 32→48". */
  readonly description: string;
  /** The id of the snippet whose block was inlined, if any. */
  readonly snippetId?: string;
}

/** A kind of mutation. */
export interface Operator {
  readonly name: string;
  /** True when the change adds, removes or rewires layers (what near-duplicate detection sees), not just numbers or strings. */
  readonly structural: boolean;
  propose(file: NetFile, context: MutationContext): Mutation | undefined;
}

/** A uniformly chosen element, or undefined for an empty list. */
export function pick<T>(random: () => number, items: readonly T[]): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(random() * items.length)];
}

/** A seeded shuffle of `items` (Fisher–Yates). */
export function shuffled<T>(random: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
