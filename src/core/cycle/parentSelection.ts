/**
 * Which Net each candidate is made from, and which others its prompt shows. Per candidate, a
 * seeded draw picks exploit (one of the top elites), explore (any elite) or the cycle's seed Net,
 * in the given ratios (OpenEvolve's defaults: 0.7 / 0.2 / 0.1). Exploit alone is greedy
 * hill-climbing on the archive; seed alone (1 / 0 / 0 the other way round) is the loop before the
 * archive, every candidate a mutation of the cycle's seed.
 */
import type { ParentReason } from '../store/storeTypes';
import type { Elite } from './archive';

/** The shares of the three ways to pick a parent; they need not sum to 1 (they are normalised). */
export interface SelectionRatios {
  readonly exploit: number;
  readonly explore: number;
  readonly seed: number;
}

/** OpenEvolve's exploitation / exploration / elite ratios. */
export const defaultSelectionRatios: SelectionRatios = { exploit: 0.7, explore: 0.2, seed: 0.1 };

/** How many of the best elites exploit chooses among. */
export const exploitPool = 3;

/** The choice: an elite, or undefined for the cycle's seed Net. */
export interface ParentChoice {
  readonly reason: ParentReason;
  readonly elite?: Elite;
}

/** Checks ratios; returns a problem in words, or undefined. */
export function ratiosProblem(r: SelectionRatios): string | undefined {
  const values = [r.exploit, r.explore, r.seed];
  if (values.some((v) => !Number.isFinite(v) || v < 0))
    return `parent ratios must be non-negative numbers, got ${values.join(' / ')}`;
  if (values.every((v) => v === 0)) return 'at least one parent ratio must be above 0';
  return undefined;
}

/**
 * Draws a parent from `elites` (best first, as Archive.elites gives them). With no elites yet,
 * every choice is the seed; a drawn exploit or explore then says 'seed' too, since that is what
 * the candidate was made from.
 */
export function selectParent(elites: readonly Elite[], ratios: SelectionRatios, random: () => number): ParentChoice {
  const total = ratios.exploit + ratios.explore + ratios.seed;
  const draw = random() * total;
  const pick = (pool: readonly Elite[]): Elite => pool[Math.min(pool.length - 1, Math.floor(random() * pool.length))];
  if (elites.length > 0 && draw < ratios.exploit)
    return { reason: 'exploit', elite: pick(elites.slice(0, exploitPool)) };
  if (elites.length > 0 && draw < ratios.exploit + ratios.explore) return { reason: 'explore', elite: pick(elites) };
  return { reason: 'seed' };
}

/**
 * Up to `count` inspirations for a prompt from `parentId`: the best elite that is not the parent,
 * then elites drawn at random from the rest. Every elite holds its own cell, so those differ from
 * the parent and from each other in size or structure: the "diverse" half of OpenEvolve's
 * top-and-diverse programs.
 */
export function chooseInspirations(
  elites: readonly Elite[],
  parentId: string | undefined,
  count: number,
  random: () => number,
): Elite[] {
  const others = elites.filter((e) => e.id !== parentId);
  if (count <= 0 || others.length === 0) return [];
  const chosen: Elite[] = [others[0]];
  const rest = others.slice(1);
  while (chosen.length < count && rest.length > 0)
    chosen.push(rest.splice(Math.min(rest.length - 1, Math.floor(random() * rest.length)), 1)[0]);
  return chosen;
}
