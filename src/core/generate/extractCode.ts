/**
 * Pulls the Net module out of an LLM reply. Order, as NNGPT does it: strip `<think>` blocks,
 * take the `<nn>` tagged block, else fenced TS/JS blocks, else the bare reply from its first
 * import/export/class; with several candidates, the best-scoring one wins. Every failure is
 * worded so it can be sent back to the model as it is.
 */
import { braceBalance } from './braceBalance';

/** Where the code came from. */
export type CodeSource = 'tagged' | 'fenced' | 'bare';

/** The chosen code, plus the hyperparameter block's text when the reply had one. */
export interface ExtractedCode {
  readonly ok: true;
  readonly code: string;
  readonly source: CodeSource;
  readonly hyperparameterText?: string;
}

/** No usable code; `message` is addressed to the model (it goes into the repair prompt). */
export interface ExtractionFailure {
  readonly ok: false;
  readonly truncated: boolean;
  readonly message: string;
}

interface Candidate {
  readonly code: string;
  readonly source: CodeSource;
  /** The block's closing tag or fence is missing: the reply stopped inside it. */
  readonly unterminated: boolean;
}

const minNonSpace = 50;
const codeLanguages = new Set(['', 'ts', 'typescript', 'js', 'javascript', 'tsx', 'jsx', 'mjs', 'mts']);
const hyperparameterLanguages = new Set(['yaml', 'yml', 'json']);

/** Removes reasoning: whole `<think>` blocks, a leading orphan `</think>`, an unterminated `<think>` to the end. */
export function stripThinking(reply: string): string {
  let text = reply.replace(/<(think|thinking)>[\s\S]*?<\/\1>/gi, '');
  const orphanClose = /<\/(think|thinking)>/i.exec(text);
  if (orphanClose) text = text.slice(orphanClose.index + orphanClose[0].length);
  const open = /<(think|thinking)>/i.exec(text);
  return open ? text.slice(0, open.index) : text;
}

/** The best Net module in `reply`, or why there is none. `finishReason` `length` means the reply hit the token limit. */
export function extractCode(reply: string, finishReason?: string): ExtractedCode | ExtractionFailure {
  const text = stripThinking(reply);
  const tagged = taggedBlocks(text);
  const fences = fencedBlocks(text);
  const limitHit = finishReason === 'length';
  if (tagged.length === 0 && fences.code.length === 0 && fences.other.length > 0) {
    return failure(
      false,
      `The reply's code is ${fences.other[0]}, not TypeScript. Write the Net in TypeScript for TensorFlow.js, in one \`\`\`ts code block.`,
    );
  }
  const candidates = tagged.length > 0 ? tagged : fences.code.length > 0 ? fences.code : bareCode(text);
  if (candidates.length === 0) {
    const why = /<(think|thinking)>/i.test(reply) && text.trim() === '' ? ' (it ended inside a <think> block)' : '';
    return failure(
      limitHit,
      `The reply contained no TypeScript code${why}. Reply with exactly one \`\`\`ts code block holding the whole Net module.`,
    );
  }
  const usable = candidates.filter((c) => nonSpaceLength(c.code) >= minNonSpace && /\bclass\s+\w+/.test(c.code));
  if (usable.length === 0) {
    return failure(
      limitHit,
      `The code block is too short or declares no class; it must be the whole module with \`export class Net\`, at least ${minNonSpace} characters.`,
    );
  }
  const best = usable.reduce((a, b) => (score(b) > score(a) ? b : a));
  const balance = braceBalance(best.code);
  if (best.unterminated || balance.open > 0 || (limitHit && balance.open !== 0)) {
    const detail =
      balance.open > 0
        ? ` (${balance.open} '{' never closed)`
        : best.unterminated
          ? ' (its code block is never closed)'
          : '';
    return failure(
      true,
      `The code was cut off before its end${detail}. Reply with the complete module; keep it shorter if needed.`,
    );
  }
  if (balance.open < 0 || balance.unterminatedLiteral) {
    return failure(
      false,
      `The code does not parse: ${balance.open < 0 ? "a '}' has no matching '{'" : 'a string, comment or template literal is never closed'}.`,
    );
  }
  return {
    ok: true,
    code: best.code.trim() + '\n',
    source: best.source,
    hyperparameterText: hyperparameterBlock(text),
  };
}

function failure(truncated: boolean, message: string): ExtractionFailure {
  return { ok: false, truncated, message };
}

/** Higher is more likely the Net module: NNGPT's criteria, then length as the tie-breaker. */
function score(candidate: Candidate): number {
  const { code } = candidate;
  let points = 0;
  if (/\bclass\s+Net\b/.test(code)) points += 8;
  if (/\bforward\s*\(/.test(code)) points += 4;
  if (/\bsupportedHyperparameters\b/.test(code)) points += 4;
  if (/^\s*import\s/m.test(code)) points += 2;
  if (/\btrainSetup\s*\(/.test(code) && /\blearn\s*\(/.test(code)) points += 2;
  if (candidate.unterminated) points -= 1;
  return points + Math.min(1, nonSpaceLength(code) / 20_000);
}

function nonSpaceLength(code: string): number {
  return code.replace(/\s+/g, '').length;
}

function taggedBlocks(text: string): Candidate[] {
  const blocks: Candidate[] = [];
  const pattern = /<nn>([\s\S]*?)(<\/nn>|$)/gi;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0].length === 0) break;
    const inner = stripFence(m[1]);
    blocks.push({ code: inner.code, source: 'tagged', unterminated: m[2] === '' || inner.unterminated });
  }
  return blocks;
}

/** A tagged block may itself hold a fence; take what is inside it. */
function stripFence(block: string): { code: string; unterminated: boolean } {
  const fenced = fencedBlocks(block).code[0];
  return fenced ? { code: fenced.code, unterminated: fenced.unterminated } : { code: block, unterminated: false };
}

interface Fences {
  readonly code: Candidate[];
  readonly hyperparameters: string[];
  /** Languages of the other fences, e.g. `python`. */
  readonly other: string[];
}

/** Fenced blocks by language; a fence with no closing line runs to the end and counts as unterminated. */
function fencedBlocks(text: string): Fences {
  const fences: Fences = { code: [], hyperparameters: [], other: [] };
  const pattern = /^[ \t]*(`{3,}|~{3,})[ \t]*([\w+-]*)[^\n]*\n([\s\S]*?)(?:(^[ \t]*\1[ \t]*$)|(?![\s\S]))/gm;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const language = m[2].toLowerCase();
    const body = m[3];
    if (codeLanguages.has(language))
      fences.code.push({ code: body, source: 'fenced', unterminated: m[4] === undefined });
    else if (hyperparameterLanguages.has(language)) fences.hyperparameters.push(body);
    else fences.other.push(language);
    if (m[0].length === 0) pattern.lastIndex++;
  }
  return fences;
}

/** No tag and no fence: the reply from its first import, export or class line, if it has a class. */
function bareCode(text: string): Candidate[] {
  const start = /^(import|export|class|const|function)\b/m.exec(text);
  return start ? [{ code: text.slice(start.index), source: 'bare', unterminated: false }] : [];
}

/** The hyperparameter block of a reply that carries no whole Net (e.g. a SEARCH/REPLACE edit). */
export function extractHyperparameterText(reply: string): string | undefined {
  return hyperparameterBlock(stripThinking(reply));
}

/** The `<hp>` block, else the first ```yaml / ```json fence. */
function hyperparameterBlock(text: string): string | undefined {
  const tagged = /<hp>([\s\S]*?)<\/hp>/i.exec(text);
  if (tagged) return tagged[1].replace(/^\s*(`{3,}|~{3,})[^\n]*\n|(`{3,}|~{3,})\s*$/g, '');
  return fencedBlocks(text).hyperparameters[0];
}
