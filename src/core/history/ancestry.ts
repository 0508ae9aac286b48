/**
 * A variant's ancestry: its parent, that parent's parent, and so on back to a Net with no stored
 * parent (the seed, or one made by hand). The Cycle History tree lists it under the variant.
 */
import type { VariantDetail, VariantRow } from '../../shared/historyModel';
import type { ParentReasonName } from '../../shared/searchModel';

/** One ancestor and why its child drew it as the parent. */
export interface Ancestor {
  readonly row: VariantRow;
  /** 1 for the parent, 2 for the grandparent, … */
  readonly generationsBack: number;
  /** The reason stored on the child this ancestor was drawn for (null before reasons were kept). */
  readonly drawnAs: ParentReasonName | null;
  /** Whether this ancestor has no stored parent itself: the chain ends here. */
  readonly isRoot: boolean;
}

/** Chains longer than this are cut (a search of 100 cycles stays far below it). */
const maxAncestors = 1000;

/**
 * The ancestors of `variantId`, parent first. A parent that is no longer stored ends the chain
 * (the last listed ancestor then says it is not the root); a chain that loops back on itself,
 * which content ids rule out but a hand-edited store could hold, ends before the repeat.
 */
export function ancestryOf(variantId: string, lookup: (id: string) => VariantDetail | undefined): Ancestor[] {
  const chain: Ancestor[] = [];
  const seen = new Set([variantId]);
  let child = lookup(variantId);
  while (child?.row.parentId && !seen.has(child.row.parentId) && chain.length < maxAncestors) {
    const parent = lookup(child.row.parentId);
    if (!parent) break;
    seen.add(parent.row.id);
    chain.push({
      row: parent.row,
      generationsBack: chain.length + 1,
      drawnAs: child.parentReason,
      isRoot: parent.row.parentId === null,
    });
    child = parent;
  }
  return chain;
}
