import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TrainPort } from '../core/cycle/trainPort';
import { getDataset } from '../core/datasets/registry';
import { buildGenerator } from '../core/generate/buildGenerator';
import type { ExecutionCheck } from '../core/generate/ports';
import type { VariantGenerator } from '../core/generate/variantGenerator';
import type { TrainerClientOptions } from '../core/training/trainerClient';
import { epochBudgetFromMinutes } from '../core/training/pace';
import type { SharedSpec } from '../core/training/trainerProcessPorts';
import { createExecutionCheck, createTrainPort } from '../core/training/trainerProcessPorts';
import type { BackendName } from '../shared/trainerProtocol';
import { backendNames } from '../shared/trainerProtocol';
import type { QueueTrainPort } from '../distributed/queueTrainPort';
import { redactRedisUrl, redisUrlProblem } from '../distributed/redisUrl';
import { generateConfig, trainingConfig } from './config';
import { describeError, log } from './log';
import type { HistoryHost } from './history/historyHost';
import type { JobRunner } from './jobs/jobRunner';
import type { ApiKeyStore } from './secrets';

/**
 * The core's parts, built from the current settings each time a command needs them (so a changed
 * setting applies to the next job without a reload). Commands get everything through this.
 */
export class Engine {
  private pool: { readonly url: string; readonly port: Promise<QueueTrainPort> } | undefined;

  constructor(
    readonly extensionUri: vscode.Uri,
    private readonly globalStorage: vscode.Uri,
    readonly history: HistoryHost,
    readonly jobs: JobRunner,
    readonly keys: ApiKeyStore,
  ) {}

  /** Where the trainer bundle is, where datasets are cached, and the run's limits. */
  trainerOptions(scope?: vscode.Uri): TrainerClientOptions {
    const t = trainingConfig(scope);
    return {
      cacheDir: path.join(this.globalStorage.fsPath, 'datasets'),
      trainerPath: path.join(this.extensionUri.fsPath, 'dist', 'trainer.js'),
      memoryLimitMB: t.memoryLimitMB,
      noProgressS: t.noProgressS,
      checkTimeLimitS: generateConfig(scope).checkTimeLimitS,
    };
  }

  /** The training spec every job shares, from the settings. */
  sharedSpec(scope?: vscode.Uri): SharedSpec {
    const t = trainingConfig(scope);
    const known = (name: string): name is BackendName => (backendNames as readonly string[]).includes(name);
    return {
      epochs: t.epochs,
      batchSize: t.batchSize,
      backend: t.backend && known(t.backend) ? t.backend : undefined,
      skipBackends: t.skipBackends.filter(known),
      wasmThreads: t.wasmThreads,
      dataDir: t.dataDir || undefined,
      epochTimeLimitS: t.epochTimeLimitS > 0 ? t.epochTimeLimitS : undefined,
      augment: t.augment,
      paramBudget: generateConfig(scope).paramBudget,
    };
  }

  trainPort(scope?: vscode.Uri): TrainPort {
    return createTrainPort(this.trainerOptions(scope), this.sharedSpec(scope));
  }

  /**
   * The port a cycle trains through, with the wasm threads of one of its parallel trainers (the
   * cores split between them when `nngpt.training.wasmThreads` is 0); a lone run keeps every core.
   */
  cycleTrainPort(scope?: vscode.Uri): TrainPort {
    const { parallel, redisUrl } = trainingConfig(scope);
    if (redisUrl) return this.poolTrainPort(redisUrl, this.sharedSpec(scope));
    return createTrainPort(this.trainerOptions(scope), {
      ...this.sharedSpec(scope),
      wasmThreads: parallel.wasmThreads,
    });
  }

  /**
   * A port onto the worker pool behind `nngpt.training.redisUrl`: one connection per URL for the
   * session, opened by the first job. An unreachable URL fails the jobs at once with its reason
   * (and says so once); the next cycle tries again.
   */
  private poolTrainPort(url: string, shared: SharedSpec): TrainPort {
    const problem = redisUrlProblem(url);
    if (problem)
      return async () => ({
        status: 'failed',
        reason: 'queue',
        message: `nngpt.training.redisUrl: ${problem}`,
        epochs: [],
      });
    if (this.pool?.url !== url) {
      void this.closePool();
      // Loaded on first use: the queue client costs activation time that local training never needs.
      const port = import('../distributed/queueTrainPort').then(({ openQueueTrainPort }) =>
        openQueueTrainPort({ redisUrl: url, shared, log: (line) => log.info(`worker pool: ${line}`) }),
      );
      const pool = { url, port };
      this.pool = pool;
      port.then(
        () => log.info(`worker pool: training on ${redactRedisUrl(url)}`),
        (e: unknown) => {
          if (this.pool === pool) this.pool = undefined;
          log.error(`worker pool: ${describeError(e)}`);
          void vscode.window.showErrorMessage(`NNGPT: ${describeError(e)} (nngpt.training.redisUrl)`);
        },
      );
    }
    const opening = this.pool!.port;
    return async (job) => {
      try {
        return (await opening).withSpec(shared)(job);
      } catch (e) {
        return { status: 'failed', reason: 'queue', message: describeError(e), epochs: [] };
      }
    };
  }

  private async closePool(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.port.then((p) => p.close()).catch(() => undefined);
  }

  /** Closes the worker pool's connections (extension deactivation). */
  dispose(): Promise<void> {
    return this.closePool();
  }

  executionCheck(scope?: vscode.Uri): ExecutionCheck {
    const epochBudgetS = epochBudgetFromMinutes(generateConfig(scope).maxEpochMinutes);
    return createExecutionCheck(this.trainerOptions(scope), {
      ...this.sharedSpec(scope),
      dataset: trainingConfig(scope).dataset,
      epochBudgetS,
    });
  }

  /**
   * The generator the settings ask for: the LLM when an endpoint is set (or `nngpt.generator` is
   * `llm`), else the offline mutation generator. Undefined when the user cancels the key prompt.
   */
  async generator(scope?: vscode.Uri): Promise<VariantGenerator | undefined> {
    const g = generateConfig(scope);
    const useLlm = g.generator === 'llm' || (g.generator === 'auto' && g.llm.baseUrl !== '');
    const dataset = getDataset(trainingConfig(scope).dataset);
    const folder = vscode.workspace.workspaceFolders?.[0];
    const promptOverrideDir = folder ? path.join(folder.uri.fsPath, '.nngpt', 'prompts') : undefined;
    const common = { resourcesDir: this.extensionUri.fsPath, promptOverrideDir, dataset, paramBudget: g.paramBudget };
    if (!useLlm) return buildGenerator(common);
    if (!g.llm.baseUrl)
      throw new Error(
        '"nngpt.generator" is "llm" but "nngpt.llm.baseUrl" is empty; set the endpoint, e.g. http://localhost:8000/v1.',
      );
    const local = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/i.test(g.llm.baseUrl);
    const apiKey = local ? ((await this.keys.get()) ?? 'local') : await this.keys.getOrPrompt();
    if (apiKey === undefined) return undefined;
    return buildGenerator({
      ...common,
      llm: { settings: g.llm, apiKey, contextTokens: g.contextTokens, editFormat: g.editFormat },
    });
  }
}

/**
 * Refuses, with a way out, what would run or send away workspace code in Restricted Mode.
 * Checked in code, not only in `when` clauses, because commands can be run from anywhere.
 */
export async function requireTrust(action: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const choice = await vscode.window.showErrorMessage(
    `NNGPT: ${action} runs code from this workspace, and the workspace is in Restricted Mode. Trust it first; Net-API diagnostics keep working meanwhile.`,
    'Manage Workspace Trust',
  );
  if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
