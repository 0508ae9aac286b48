/**
 * `nngpt generate <net>`: one variant of a Net file, headless. Offline AST mutation by default;
 * `--llm` asks any OpenAI-compatible endpoint (key from OPENAI_API_KEY). Writes the variant
 * beside the seed as `<name>.v<N>.net.ts` and prints a JSON summary on stdout; progress goes to
 * stderr. Exit code: 0 when a variant was written, 1 when none was, 2 on bad usage, 130 when
 * interrupted. Novelty is judged against the Nets in the seed's folder.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { getDataset } from '../core/datasets/registry';
import type { GenerateResult } from '../core/generate/generateVariant';
import { generateVariant } from '../core/generate/generateVariant';
import { buildGenerator, findResourceRoot } from '../core/generate/buildGenerator';
import { netApiChecker } from '../core/generate/netApiChecker';
import { createNoveltyJudge } from '../core/generate/noveltyJudge';
import type { ExecutionCheck, NoveltyJudge } from '../core/generate/ports';
import { patternedVariantFileName } from '../core/generate/variantFileNamePattern';
import type { EditFormat } from '../core/generate/llmGenerator';
import type { VariantGenerator } from '../core/generate/variantGenerator';
import { defaultLlmSettings } from '../core/llm/llmClient';
import type { LlmSettings } from '../core/llm/llmClient';
import { codeId } from '../core/novelty/codeId';
import { NoveltyChecker } from '../core/novelty/noveltyChecker';
import { epochBudgetFromMinutes } from '../core/training/pace';
import { createExecutionCheck } from '../core/training/trainerProcessPorts';
import { allCores, resolveWasmThreads } from '../core/training/wasmThreadCount';
import { defaultCacheDir } from './trainArgs';
import type { GenerateOptions } from './generateArgs';
import { generateHelp, parseGenerateArgs } from './generateArgs';

/** Where the command reads its environment and writes its output; tests pass their own. */
export interface GenerateIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Aborts the run (the CLI wires SIGINT to it). */
  readonly signal?: AbortSignal;
}

const processIo: GenerateIo = {
  env: process.env,
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
};

/** Runs `nngpt generate` with the arguments after the command name; resolves to the exit code. */
export async function runGenerate(args: string[], io: GenerateIo = processIo): Promise<number> {
  const options = parseGenerateArgs(args);
  if (options === 'help') return (io.stdout(generateHelp + '\n'), 0);
  if (typeof options === 'string') return (io.stderr(`nngpt generate: ${options}\n\n${generateHelp}\n`), 2);
  let seedCode: string;
  try {
    seedCode = await fs.readFile(options.net, 'utf8');
  } catch (error) {
    return (
      io.stderr(
        `nngpt generate: cannot read '${options.net}': ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`,
      ),
      2
    );
  }
  const setup = prepare(options, io);
  if (typeof setup === 'string') return (io.stderr(`nngpt generate: ${setup}\n`), 2);
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  io.signal?.addEventListener('abort', interrupt, { once: true });
  if (io === processIo) process.once('SIGINT', interrupt);
  try {
    const folder = path.dirname(path.resolve(options.net));
    const result = await generateVariant(
      {
        generator: setup.generator,
        checker: netApiChecker,
        executionCheck: setup.executionCheck,
        novelty: await folderNovelty(folder),
      },
      {
        seed: { code: seedCode, fileName: path.basename(options.net) },
        trusted: true,
        maxRepairs: options.repairs,
        k: options.k,
        randomSeed: options.randomSeed,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.delta !== undefined) {
            if (options.showReply) io.stderr(p.delta);
          } else if (!options.quiet) io.stderr(`[${p.attempt}] ${p.message}\n`);
        },
      },
    );
    const written =
      result.code !== undefined && result.status !== 'duplicate'
        ? await writeVariant(options, folder, result.code)
        : undefined;
    io.stdout(JSON.stringify(summary(result, written), null, 2) + '\n');
    return result.status === 'cancelled' ? 130 : written ? 0 : 1;
  } finally {
    io.signal?.removeEventListener('abort', interrupt);
    process.removeListener('SIGINT', interrupt);
  }
}

/** The generator the options ask for, or a usage problem. */
function prepare(
  options: GenerateOptions,
  io: GenerateIo,
): { generator: VariantGenerator; executionCheck?: ExecutionCheck } | string {
  const resourcesDir = findResourceRoot(__dirname);
  if (!resourcesDir) return "cannot find the 'prompts' and 'snippets' folders shipped with nngpt";
  const executionCheck = options.exec ? trainerCheck(options, resourcesDir, io) : undefined;
  if (typeof executionCheck === 'string') return executionCheck;
  let llm: { settings: LlmSettings; apiKey: string; editFormat: EditFormat } | undefined;
  if (options.llm) {
    const baseUrl = options.baseUrl ?? io.env.OPENAI_BASE_URL ?? defaultLlmSettings.baseUrl;
    const apiKey = io.env.OPENAI_API_KEY ?? '';
    const local = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/i.test(baseUrl);
    if (!apiKey && !local) return `--llm with ${baseUrl} needs an API key in OPENAI_API_KEY (local servers need none)`;
    llm = {
      settings: { ...defaultLlmSettings, ...options.llmOverrides, baseUrl },
      apiKey,
      editFormat: options.editFormat,
    };
  }
  try {
    const promptOverrideDir = path.join(path.resolve('.nngpt'), 'prompts');
    return {
      generator: buildGenerator({
        resourcesDir,
        promptOverrideDir,
        llm,
        dataset: getDataset(options.dataset),
        paramBudget: options.paramBudget,
      }),
      executionCheck,
    };
  } catch (error) {
    return (error as Error).message;
  }
}

/** The trainer's execution check; without a built trainer it is skipped with a note, unless `--trainer` named one. */
function trainerCheck(
  options: GenerateOptions,
  resourcesDir: string,
  io: GenerateIo,
): ExecutionCheck | string | undefined {
  const trainerPath = options.trainerPath ?? path.join(resourcesDir, 'dist', 'trainer.js');
  if (!existsSync(trainerPath)) {
    if (options.trainerPath) return `no trainer bundle at '${trainerPath}'`;
    io.stderr(
      `nngpt generate: the execution check is skipped: no trainer bundle at '${trainerPath}' (run 'npm run build', or pass --no-exec)\n`,
    );
    return undefined;
  }
  const dataset = getDataset(options.dataset).id;
  // Every core, as nngpt train uses by default, so the check times the Net as it will train.
  return createExecutionCheck(
    { cacheDir: defaultCacheDir(io.env), trainerPath, checkTimeLimitS: options.checkTimeLimitS },
    {
      dataset,
      epochs: 1,
      batchSize: 64,
      paramBudget: options.paramBudget,
      wasmThreads: resolveWasmThreads(allCores),
      epochBudgetS: epochBudgetFromMinutes(options.maxEpochMinutes),
    },
  );
}

/** Novelty against the Net files beside the seed (the seed included); the store replaces this when wired. */
async function folderNovelty(folder: string): Promise<NoveltyJudge> {
  const checker = new NoveltyChecker();
  const known = new Map<string, string>();
  for (const name of await fs.readdir(folder)) {
    if (!/\.net\.[jt]s$/i.test(name)) continue;
    const code = await fs.readFile(path.join(folder, name), 'utf8');
    known.set(codeId(code), name);
    checker.addToCorpus(name, checker.signatureOf(code));
  }
  return createNoveltyJudge(checker, (id) => known.get(id));
}

async function writeVariant(options: GenerateOptions, folder: string, code: string): Promise<string> {
  const target =
    options.out ??
    path.join(
      folder,
      patternedVariantFileName(options.namePattern, path.basename(options.net), await fs.readdir(folder)),
    );
  await fs.writeFile(target, code, { encoding: 'utf8', flag: options.out ? 'w' : 'wx' });
  return target;
}

function summary(result: GenerateResult, file: string | undefined): Record<string, unknown> {
  return {
    status: result.status,
    message: result.message,
    file: file ?? null,
    id: result.code === undefined ? null : codeId(result.code),
    generator: result.generator,
    description: result.description ?? null,
    hyperparameters: result.hyperparameters ?? null,
    nearest: result.nearest ?? null,
    promptHash: result.promptHash ?? null,
    editOutcome: result.editOutcome ?? null,
    snippets: result.snippets,
    executed: result.executed,
    attempts: result.attempts.map((a) => ({ error: a.error ?? null, fixes: a.applied })),
  };
}
