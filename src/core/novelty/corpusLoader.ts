/**
 * Fills a {@link NoveltyChecker}'s corpus from the history store. Stored signatures are used as
 * they are when the store says they were made with the checker's scheme (meta key below), so a
 * reload costs no tokenizing; otherwise (first run, changed scheme, variants saved without one)
 * signatures are computed from the stored code once and written back.
 */
import type { HistoryStore } from '../store/historyStore';
import type { VariantStatus } from '../store/storeTypes';
import type { NoveltyChecker } from './noveltyChecker';

/** The meta key naming the scheme of the stored signatures. */
export const signatureSchemeKey = 'novelty.signatureScheme';

/** How a corpus load went. */
export interface CorpusLoad {
  /** Signatures taken from the store as stored. */
  readonly loaded: number;
  /** Signatures computed from code (and stored) because they were missing or of another scheme. */
  readonly computed: number;
}

/**
 * Loads the variants with `statuses` (default: all) into the checker's corpus. A read-only store
 * still loads; computed signatures are then not written back.
 */
export function loadCorpusFromStore(
  store: HistoryStore,
  checker: NoveltyChecker,
  statuses?: readonly VariantStatus[],
): CorpusLoad {
  const sameScheme = store.getMeta(signatureSchemeKey) === checker.signatureConfigId;
  const stored = sameScheme ? store.listSignatures({ statuses }) : [];
  const loaded = checker.loadCorpus(stored);
  const have = new Set(stored.map((s) => s.id));
  let computed = 0;
  const needed = store.listVariants({ statuses }).filter(({ variant }) => !have.has(variant.id));
  const write = (): void => {
    for (const { variant } of needed) {
      const signature = checker.signatureOf(variant.code);
      checker.addToCorpus(variant.id, signature);
      if (!store.readOnly) store.setVariantSignature(variant.id, signature);
      computed++;
    }
    if (!store.readOnly && !sameScheme) store.setMeta(signatureSchemeKey, checker.signatureConfigId);
  };
  if (store.readOnly) write();
  else store.transaction(write);
  return { loaded, computed };
}
