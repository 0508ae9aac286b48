/**
 * The options of `nngpt generate`, parsed and checked: every bad value gets a message that
 * names the flag and what it takes.
 */
import { defaultMaxRepairs } from '../core/generate/generateVariant';
import type { EditFormat } from '../core/generate/llmGenerator';
import { autoDiffMinLines, editFormats } from '../core/generate/llmGenerator';
import { defaultMaxEpochMinutes } from '../core/training/pace';
import { defaultCheckTimeLimitS } from '../core/training/trainerClient';
import { patternedVariantFileName } from '../core/generate/variantFileNamePattern';
import type { LlmSettings } from '../core/llm/llmClient';
import { defaultLlmSettings } from '../core/llm/llmClient';

/** The parsed command line. */
export interface GenerateOptions {
  readonly net: string;
  readonly llm: boolean;
  readonly baseUrl?: string;
  /** Settings given on the command line; the rest are the defaults. */
  readonly llmOverrides: Partial<LlmSettings>;
  /** How the LLM writes the variant: a whole file, SEARCH/REPLACE blocks against the seed, or by the seed's length. */
  readonly editFormat: EditFormat;
  readonly k: number;
  readonly randomSeed: number;
  readonly repairs: number;
  readonly dataset: string;
  readonly paramBudget: number;
  readonly out?: string;
  /** The variant's file name: `{stem}` and `{n}`, the seed's extension appended. */
  readonly namePattern: string;
  readonly quiet: boolean;
  readonly showReply: boolean;
  /** Run the trainer's execution check on the candidate (default true). */
  readonly exec: boolean;
  /** The execution check's time limit, seconds. */
  readonly checkTimeLimitS: number;
  /** The execution check's epoch budget, minutes (0: none). */
  readonly maxEpochMinutes: number;
  /** dist/trainer.js; found beside the CLI bundle when absent. */
  readonly trainerPath?: string;
}

/** `nngpt generate --help`. */
export const generateHelp = `usage: nngpt generate [options] <net>

Generates one variant of a Net file and writes it beside the seed as <name>.v<N>.net.ts.
Offline AST mutation by default; --llm asks an OpenAI-compatible endpoint.
Prints a JSON summary (status novel / near-duplicate / duplicate / invalid / failed / cancelled).

options:
  --llm                 generate with an LLM; the key comes from OPENAI_API_KEY
  --base-url <url>      the endpoint (default OPENAI_BASE_URL, else ${defaultLlmSettings.baseUrl})
  --model <name>        the model (default ${defaultLlmSettings.model})
  --temperature <t>     sampling temperature (default ${defaultLlmSettings.temperature})
  --top-p <p>           nucleus sampling (default ${defaultLlmSettings.topP})
  --max-tokens <n>      reply length limit (default ${defaultLlmSettings.maxTokens})
  --extra-body <json>   extra request fields, e.g. '{"top_k": 50}' for vLLM
  --timeout <s>         seconds without progress before giving up (default ${defaultLlmSettings.timeoutMs / 1000})
  --edit-format <f>     full | diff | auto: the LLM writes the whole file, SEARCH/REPLACE blocks against
                        the seed, or blocks for seeds of ${autoDiffMinLines}+ lines (default auto)
  --k <n>               snippets in the prompt, 1 to 10 (default 5)
  --seed <n>            retrieval / mutation seed (default 0)
  --repairs <n>         re-prompts after a rejected candidate (default ${defaultMaxRepairs})
  --dataset <id>        mnist, fashion-mnist, cifar10, cifar100, svhn: shapes for the prompt (default cifar10)
  --param-budget <n>    most trainable parameters the prompt allows (default 500000)
  --out <file>          write the variant here instead
  --name <pattern>      the variant's file name, {stem} and {n} (default {stem}.v{n}; the extension is kept)
  --no-exec             skip the trainer's execution check (build, forward, 3 training batches)
  --check-time-limit <s>   the execution check's time limit; a Net still busy then is too slow (default ${defaultCheckTimeLimitS})
  --max-epoch-minutes <m>  refuse a variant whose checked batches project a longer epoch of the dataset
                        (default ${defaultMaxEpochMinutes}; 0: none)
  --trainer <file>      the trainer bundle for the execution check (default dist/trainer.js)
  --quiet               no progress on stderr
  --show-reply          echo the streamed LLM reply on stderr
  -h, --help            show this help

exit code: 0 when a variant was written, 1 when none was, 2 on a usage error, 130 when interrupted`;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A bad command line; its message is shown with the help. */
class UsageError extends Error {}

/** The options, 'help', or a usage error. */
export function parseGenerateArgs(args: readonly string[]): GenerateOptions | 'help' | string {
  try {
    return parse(args);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
}

function parse(args: readonly string[]): GenerateOptions | 'help' {
  const options: Mutable<Omit<GenerateOptions, 'net'>> & { net?: string } = {
    llm: false,
    llmOverrides: {},
    editFormat: 'auto',
    k: 5,
    randomSeed: 0,
    repairs: defaultMaxRepairs,
    dataset: 'cifar10',
    paramBudget: 500_000,
    namePattern: '{stem}.v{n}',
    quiet: false,
    showReply: false,
    exec: true,
    checkTimeLimitS: defaultCheckTimeLimitS,
    maxEpochMinutes: defaultMaxEpochMinutes,
  };
  const llm: Mutable<Partial<LlmSettings>> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const text = (): string => {
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    const number = (min: number, max: number, integer: boolean): number => {
      const given = text();
      const n = Number(given);
      if (given.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
        throw new UsageError(
          `${arg} needs ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got '${given}'`,
        );
      }
      return n;
    };
    switch (arg) {
      case '-h':
      case '--help':
        return 'help';
      case '--llm':
        options.llm = true;
        break;
      case '--quiet':
        options.quiet = true;
        break;
      case '--no-exec':
        options.exec = false;
        break;
      case '--trainer':
        options.trainerPath = text();
        break;
      case '--show-reply':
        options.showReply = true;
        break;
      case '--base-url':
        options.baseUrl = text();
        break;
      case '--model':
        llm.model = text();
        break;
      case '--out':
        options.out = text();
        break;
      case '--name':
        options.namePattern = namePattern(text());
        break;
      case '--dataset':
        options.dataset = text();
        break;
      case '--temperature':
        llm.temperature = number(0, 2, false);
        break;
      case '--top-p':
        llm.topP = number(0, 1, false);
        break;
      case '--max-tokens':
        llm.maxTokens = number(1, 1_000_000, true);
        break;
      case '--timeout':
        llm.timeoutMs = number(1, 3600, false) * 1000;
        break;
      case '--k':
        options.k = number(1, 10, true);
        break;
      case '--seed':
        options.randomSeed = number(0, 2 ** 32 - 1, true);
        break;
      case '--repairs':
        options.repairs = number(0, 10, true);
        break;
      case '--param-budget':
        options.paramBudget = number(1, 1e12, true);
        break;
      case '--check-time-limit':
        options.checkTimeLimitS = number(1, 86_400, false);
        break;
      case '--max-epoch-minutes':
        options.maxEpochMinutes = number(0, 1e6, false);
        break;
      case '--edit-format':
        options.editFormat = editFormat(text());
        break;
      case '--extra-body':
        llm.extraBody = parseObject(text());
        break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
        if (options.net !== undefined)
          throw new UsageError(`one Net file at a time, got '${options.net}' and '${arg}'`);
        options.net = arg;
    }
  }
  if (options.net === undefined) throw new UsageError('no Net file given');
  return { ...options, net: options.net, llmOverrides: llm };
}

function editFormat(text: string): EditFormat {
  const found = editFormats.find((f) => f === text);
  if (!found) throw new UsageError(`--edit-format needs one of ${editFormats.join(', ')}, got '${text}'`);
  return found;
}

/** The pattern, once it is known to make safe names. */
function namePattern(pattern: string): string {
  try {
    patternedVariantFileName(pattern, 'seed.net.ts', []);
  } catch (error) {
    throw new UsageError(`--name: ${(error as Error).message}`);
  }
  return pattern;
}

function parseObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new UsageError(`--extra-body needs a JSON object, e.g. '{"top_k": 50}', got '${text}'`);
}
