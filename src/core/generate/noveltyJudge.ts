/**
 * The `NoveltyJudge` over the novelty index: exact duplicates by code id (MD5 of the
 * whitespace-free code, as the store keys variants), then MinHash/LSH near-duplicates.
 */
import { codeId } from '../novelty/codeId';
import type { NoveltyChecker } from '../novelty/noveltyChecker';
import type { NoveltyJudge } from './ports';

/**
 * Judges against `checker`'s corpus and cycle. `known(id)` gives the name under which the
 * store (or folder) already holds that code id — the id itself for the store — or undefined.
 */
export function createNoveltyJudge(checker: NoveltyChecker, known: (id: string) => string | undefined): NoveltyJudge {
  return {
    judge(code) {
      const id = codeId(code);
      const existing = known(id);
      if (existing !== undefined) return { verdict: 'duplicate', nearest: { id: existing, similarity: 1 } };
      const { nearest, nearDuplicate } = checker.check(code);
      return {
        verdict: nearDuplicate ? 'near-duplicate' : 'novel',
        nearest: nearest ? { id: nearest.id, similarity: nearest.similarity } : undefined,
      };
    },
  };
}
