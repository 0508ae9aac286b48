/**
 * `nngpt export`: writes the admitted variants of a history store as a chat-format JSONL
 * fine-tune corpus, or with `--lemur` its completed runs in LEMUR's stat layout. The store is
 * opened read-only, so this works while the extension holds it. Exit: 0 ok, 1 failure, 2 usage.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildCorpus, toJsonl } from '../core/export/fineTuneCorpus';
import { exportLemur } from '../core/export/lemurExport';
import { defaultStorePath, HistoryStore } from '../core/store/historyStore';
import { StoreError } from '../core/store/storeErrors';
import type { VariantStatus } from '../core/store/storeTypes';

const help = `usage: nngpt export [options]
       nngpt export --lemur --out <dir> [--store <path>]

Exports the history store: admitted variants as a chat-format JSONL fine-tune corpus
({"messages": [system, user, assistant = code]}, one per line; a prompt that asked for a diff is
answered with the SEARCH/REPLACE blocks from the parent to the variant), or with --lemur the
completed runs in LEMUR's stat layout (stat/<task>_<dataset>_acc_<nn>/<epoch>.json, nn/<nn>.ts).

options:
  --store <path>        history store (default .nngpt/history.sqlite under the current folder)
  --out <file|dir>      JSONL file (default: standard output); with --lemur, the folder (required)
  --min-accuracy <x>    keep variants whose best run reached x (0.4 or 40%)
  --cycles <a..b>       inclusive cycle range: 3..7, 3.., ..7 or 5
  --status <s,…>        statuses that count as admitted (default admitted)
  --task <name>         repeatable: one example per task for variants without a stored prompt
                        (the novelty-loop paper, "From Memorization to Creativity", uses --task 'MNIST (28×28 grayscale)' --task 'CIFAR-10 (32×32 RGB)')
  --lemur               write LEMUR stat files instead of the corpus
  -h, --help            show this help`;

interface Options {
  store: string;
  out?: string;
  minAccuracy?: number;
  cycleFrom?: number;
  cycleTo?: number;
  statuses?: VariantStatus[];
  tasks?: string[];
  lemur: boolean;
}

const statuses: readonly VariantStatus[] = [
  'generated',
  'invalid',
  'duplicate',
  'near-duplicate',
  'queued',
  'training',
  'trained',
  'failed',
  'admitted',
  'rejected',
];

function parseAccuracy(text: string | undefined): number | string {
  const percent = text?.endsWith('%');
  const value = Number(percent ? text?.slice(0, -1) : text);
  const fraction = percent ? value / 100 : value;
  if (text === undefined || text === '' || !Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
    return `--min-accuracy needs a fraction in [0, 1] or a percentage, got '${text ?? ''}'`;
  }
  return fraction;
}

function parseCycles(text: string | undefined, options: Options): string | undefined {
  const match = /^(\d*)(?:\.\.(\d*))?$/.exec(text ?? '');
  if (!text || !match || (match[1] === '' && (match[2] ?? '') === ''))
    return `--cycles needs a range like 3..7, 3.., ..7 or 5, got '${text ?? ''}'`;
  if (match[1] !== '') options.cycleFrom = Number(match[1]);
  if (match[2] === undefined) options.cycleTo = options.cycleFrom;
  else if (match[2] !== '') options.cycleTo = Number(match[2]);
  if (options.cycleFrom !== undefined && options.cycleTo !== undefined && options.cycleFrom > options.cycleTo)
    return `--cycles range ${text} is empty`;
  return undefined;
}

function parseArgs(args: readonly string[]): Options | string {
  const options: Options = { store: defaultStorePath(process.cwd()), lemur: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string | undefined => args[++i];
    if (arg === '--lemur') options.lemur = true;
    else if (arg === '--store' || arg === '--out') {
      const v = value();
      if (!v) return `${arg} needs a path`;
      if (arg === '--store') options.store = v;
      else options.out = v;
    } else if (arg === '--min-accuracy') {
      const parsed = parseAccuracy(value());
      if (typeof parsed === 'string') return parsed;
      options.minAccuracy = parsed;
    } else if (arg === '--cycles') {
      const problem = parseCycles(value(), options);
      if (problem) return problem;
    } else if (arg === '--task') {
      const task = value();
      if (!task) return '--task needs a task description';
      options.tasks = [...(options.tasks ?? []), task];
    } else if (arg === '--status') {
      const list = (value() ?? '').split(',').filter(Boolean);
      const unknown = list.find((s) => !statuses.includes(s as VariantStatus));
      if (list.length === 0 || unknown)
        return `--status takes a comma list of ${statuses.join(', ')}; got '${unknown ?? ''}'`;
      options.statuses = list as VariantStatus[];
    } else return `unknown option '${arg}'`;
  }
  if (options.lemur && !options.out) return '--lemur needs --out <dir>';
  return options;
}

/** Runs `nngpt export`; resolves to the exit code. */
export async function runExport(args: string[]): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  const options = parseArgs(args);
  if (typeof options === 'string') {
    process.stderr.write(`nngpt export: ${options}\n\n${help}\n`);
    return 2;
  }
  let store: HistoryStore;
  try {
    store = await HistoryStore.open({ path: options.store, readOnly: true });
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    process.stderr.write(`nngpt export: ${error.message}\n`);
    return 1;
  }
  try {
    if (options.lemur) {
      const result = exportLemur(store, options.out as string);
      process.stderr.write(
        `nngpt export: wrote ${result.trials} LEMUR trials in ${result.files.length} files under ${path.resolve(options.out as string)}\n`,
      );
      return 0;
    }
    const corpus = buildCorpus(store, options);
    const text = toJsonl(corpus.examples);
    if (options.out) {
      fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
      fs.writeFileSync(options.out, text);
    } else process.stdout.write(text);
    const notes = [
      corpus.belowAccuracy > 0 ? `${corpus.belowAccuracy} below the accuracy threshold left out` : '',
      corpus.diffReplies > 0 ? `${corpus.diffReplies} diff-mode prompts answered with SEARCH/REPLACE blocks` : '',
      corpus.diffSkipped > 0
        ? `${corpus.diffSkipped} diff-mode variants left out (no exact SEARCH/REPLACE blocks from their parent)`
        : '',
    ].filter(Boolean);
    const skipped = notes.length > 0 ? ` (${notes.join('; ')})` : '';
    process.stderr.write(
      `nngpt export: ${corpus.examples.length} examples${options.out ? ` written to ${options.out}` : ''}${skipped}\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
