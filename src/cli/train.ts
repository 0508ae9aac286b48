/**
 * `nngpt train <net>`: one proxy-training run in the sandboxed trainer process. Progress goes to
 * stderr, the final JSON summary (backend, skipped rungs and why, per-epoch metrics, RSS) to
 * stdout — the seam where a store can record the run. Exit code 0 ok, 1 failed or cancelled, 2 usage.
 */
import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import { startTraining } from '../core/training/trainerClient';
import type { TrainingResult } from '../core/training/trainerClient';
import { datasets } from '../core/datasets/registry';
import { backendNames } from '../shared/trainerProtocol';
import { parseTrainArgs } from './trainArgs';

const help = `usage: nngpt train <net-file> [options]

Trains a TensorFlow.js Net with NNGPT's proxy protocol and prints a JSON summary.

options:
  --dataset <id>         ${datasets.map((d) => d.id).join(', ')} (default fashion-mnist)
  --epochs <n>           epochs (default 1)
  --batch <n>            batch size (default 64)
  --lr, --momentum, --dropout <v>   hyperparameters in [0, 1] (defaults 0.01, 0.9, 0.2)
  --hp <key=value>       any other hyperparameter the Net declares (repeatable)
  --backend <name>       force one of ${backendNames.join(', ')}
  --skip-backend <name>  never try this backend (repeatable)
  --threads <n>          wasm backend threads (default 0: all cores; 1 keeps the trainer free of workers)
  --max-batches <n>      stop each epoch after n batches
  --time-limit <s>       epoch time limit in seconds
  --augment              horizontal flips where the dataset allows them
  --seed <n>             shuffle seed (default 1)
  --data-dir <dir>       use dataset files from this folder (offline); for CIFAR also the .tar.gz,
                         its extracted folder or that folder's parent
  --cache-dir <dir>      download cache (default ~/.cache/nngpt/datasets)
  --memory-mb <n>        trainer heap cap (default 4096)
  --wall-time <s>        kill the run after this long
  --no-progress <s>      end the run as hung when a batch makes no progress this long (default 120)
  --trainer <file>       the trainer bundle (default trainer.js beside this program)
  --no-permission        run without Node's permission model (debugging only)
  --json                 print only the JSON summary
  -h, --help             show this help`;

function report(result: TrainingResult): Record<string, unknown> {
  return {
    status: result.status,
    reason: result.reason,
    message: result.message,
    runId: result.runId,
    backend: result.ready?.backend,
    skipped: result.ready?.skipped,
    adapterInfo: result.ready?.adapterInfo,
    sandbox: result.sandbox,
    summary: result.summary,
    epochs: result.epochs,
  };
}

/** Runs `nngpt train`; resolves to the exit code. */
export async function runTrain(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(help + '\n');
    return 0;
  }
  const parsed = parseTrainArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`nngpt train: ${parsed}\n\n${help}\n`);
    return 2;
  }
  let netSource: string;
  try {
    netSource = await fs.readFile(parsed.net, 'utf8');
  } catch (e) {
    process.stderr.write(`nngpt train: cannot read '${parsed.net}': ${(e as Error).message}\n`);
    return 2;
  }
  const say = (line: string) => !parsed.json && process.stderr.write(line + '\n');
  const handle = startTraining(
    { op: 'train', netSource, netFileName: basename(parsed.net), spec: parsed.spec },
    {
      cacheDir: parsed.cacheDir,
      trainerPath: parsed.trainerPath,
      memoryLimitMB: parsed.memoryLimitMB,
      wallTimeLimitS: parsed.wallTimeLimitS,
      noProgressS: parsed.noProgressS,
      permissionModel: parsed.permissionModel,
    },
  );
  let lastPct = -1;
  handle.on('dataset', (p) => {
    const pct = p.totalBytes ? Math.floor((100 * p.receivedBytes) / p.totalBytes) : -1;
    if (pct !== lastPct && pct % 10 === 0) say(`download ${p.file}: ${pct}%`);
    lastPct = pct;
  });
  handle.on('ready', (m) => {
    say(`backend: ${m.backend}${m.adapterInfo ? ` (${m.adapterInfo.name})` : ''}`);
    for (const s of m.skipped) say(`  skipped ${s.backend}: ${s.reason}`);
  });
  handle.on('log', (m) => say(m.message));
  // Progress arrives every 10 batches (for the stored loss curve); a line every 50 is enough to read.
  handle.on('progress', (m) => {
    if (m.batch % 50 === 0 || m.batch === m.totalBatches)
      say(
        `epoch ${m.epoch} batch ${m.batch}/${m.totalBatches} loss ${m.loss.toFixed(4)} ${m.samplesPerSec.toFixed(0)} img/s`,
      );
  });
  handle.on('epoch', (e) =>
    say(
      `epoch ${e.epoch}: train loss ${e.trainLoss.toFixed(4)}, train acc ${e.trainAccuracy.toFixed(4)}, test acc ${e.testAccuracy.toFixed(4)}, ${e.durationS.toFixed(1)} s, ${e.samplesPerSec.toFixed(0)} img/s, RSS ${e.rssMB} MB`,
    ),
  );
  const onSigint = () => {
    say('cancelling…');
    handle.cancel();
  };
  process.once('SIGINT', onSigint);
  const result = await handle.result;
  process.removeListener('SIGINT', onSigint);
  if (result.status !== 'ok') say(`training ${result.status}: ${result.reason}: ${result.message}`);
  process.stdout.write(JSON.stringify(report(result), null, 2) + '\n');
  return result.status === 'ok' ? 0 : 1;
}
