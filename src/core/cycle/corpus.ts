import type { NoveltyChecker } from '../novelty/noveltyChecker';
import type { HistoryStore } from '../store/historyStore';

/**
 * Fills the novelty index with the corpus: every admitted variant (seeds included). Stored
 * signatures are used as they are; a variant stored without one (or with one of another
 * configuration) gets it computed and saved, so the next load does not recompute it.
 */
export function loadCorpus(store: HistoryStore, novelty: NoveltyChecker): number {
  const configKey = 'novelty:signature-config';
  const sameConfig = store.getMeta(configKey) === novelty.signatureConfigId;
  let loaded = 0;
  for (const { variant } of store.listVariants({ statuses: ['admitted'] })) {
    let signature = sameConfig ? variant.signature : null;
    if (!signature || signature.length !== novelty.hasher.config.numPerm) {
      signature = novelty.signatureOf(variant.code);
      store.setVariantNovelty(variant.id, variant.novelty ?? { score: 1, nearestId: null, nearestSimilarity: null }, signature);
    }
    novelty.addToCorpus(variant.id, signature);
    loaded++;
  }
  if (!sameConfig) store.setMeta(configKey, novelty.signatureConfigId);
  return loaded;
}
