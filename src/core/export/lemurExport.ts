/**
 * Export to LEMUR (nn-dataset) layout so results travel to its tools: one folder per
 * `<task>_<dataset>_<metric>_<nn>` under `stat/`, one `<epoch>.json` per epoch holding an array
 * of trials `{accuracy, batch, duration, lr, momentum, transform, uid, …other prm keys}` with keys
 * sorted and duration in nanoseconds, as LEMUR writes them; the Nets' code goes to `nn/<nn>.ts`.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HistoryStore } from '../store/historyStore';
import type { EpochRecord, RunListRow } from '../store/storeTypes';

/** One LEMUR trial record. */
export type LemurTrial = Record<string, number | string>;

/** Options of a LEMUR export. */
export interface LemurExportOptions {
  /** LEMUR's task name (default `img-classification`). */
  readonly task?: string;
  /** LEMUR's metric name (default `acc`). */
  readonly metric?: string;
}

/** What an export wrote. */
export interface LemurExportResult {
  readonly trials: number;
  readonly files: string[];
}

/** LEMUR's dataset spellings for the ones whose names differ here. */
const lemurDatasets: Record<string, string> = {
  cifar10: 'cifar-10',
  cifar100: 'cifar-100',
  fashionmnist: 'fashion-mnist',
};

function lemurDataset(dataset: string): string {
  const key = dataset.toLowerCase().replace(/[^a-z0-9]/g, '');
  return lemurDatasets[key] ?? dataset.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

/** The LEMUR model name of a variant. */
export function lemurModelName(variantId: string): string {
  return `tfjs-${variantId}`;
}

/** The trial a run contributes to the stat file of `epoch` (cumulative duration up to that epoch). */
export function lemurTrial(
  run: RunListRow,
  epoch: EpochRecord | undefined,
  durationMs: number | null,
): LemurTrial | undefined {
  const accuracy = epoch ? epoch.testAccuracy : run.testAccuracy;
  if (accuracy === null) return undefined;
  const prm: Record<string, number | string> = { ...run.hyperparameters };
  prm.batch = run.batchSize ?? run.hyperparameters.batch ?? 0;
  prm.transform = run.transform ?? 'none';
  // LEMUR's uid names a trial configuration: the hash of its sorted prm.
  const uid = createHash('md5')
    .update(JSON.stringify(sortKeys(prm)))
    .digest('hex');
  return sortKeys({ ...prm, accuracy, duration: Math.round((durationMs ?? 0) * 1e6), uid });
}

function sortKeys(record: Record<string, number | string>): Record<string, number | string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Writes the completed runs of a store into `outDir` in LEMUR's layout. */
export function exportLemur(store: HistoryStore, outDir: string, options: LemurExportOptions = {}): LemurExportResult {
  const task = options.task ?? 'img-classification';
  const metric = options.metric ?? 'acc';
  const byFile = new Map<string, LemurTrial[]>();
  const models = new Set<string>();
  let trials = 0;
  for (const run of store.listRuns({ statuses: ['completed'] }).reverse()) {
    const model = lemurModelName(run.variantId);
    const folder = path.join(outDir, 'stat', `${task}_${lemurDataset(run.dataset)}_${metric}_${model}`);
    const epochs = store.epochs(run.id);
    const points: [number, EpochRecord | undefined, number | null][] = [];
    let elapsed = 0;
    for (const e of epochs) points.push([e.epoch, e, (elapsed += e.durationMs ?? 0)]);
    if (points.length === 0) points.push([1, undefined, run.durationMs]);
    for (const [epoch, record, duration] of points) {
      const trial = lemurTrial(run, record, duration);
      if (!trial) continue;
      const file = path.join(folder, `${epoch}.json`);
      byFile.set(file, [...(byFile.get(file) ?? []), trial]);
      models.add(run.variantId);
      trials++;
    }
  }
  const files: string[] = [];
  for (const [file, list] of byFile) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(list, null, 4)}\n`);
    files.push(file);
  }
  for (const id of models) {
    const variant = store.getVariant(id);
    if (!variant) continue;
    const file = path.join(outDir, 'nn', `${lemurModelName(id)}.ts`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, variant.code);
    files.push(file);
  }
  return { trials, files: files.sort() };
}
