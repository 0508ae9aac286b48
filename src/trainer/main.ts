/**
 * The trainer process (dist/trainer.js), forked by the host with the permission model on. It waits
 * for one `start`, runs that job, reports over IPC and exits; `cancel` stops it at the next batch.
 */
import { isHostToTrainer } from '../shared/trainerProtocol';
import type { StartMessage, TrainerToHost } from '../shared/trainerProtocol';
import { runJob } from './job';
import type { JobControl } from './run/epochLoop';
import { failureFrom } from './run/failure';
import { lockDownNetwork } from './sandbox/lockdown';
import { lockDownModelIo } from './sandbox/modelIo';

const control: JobControl = { cancelled: false };
let current: StartMessage | undefined;

function send(message: TrainerToHost): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

async function start(message: StartMessage): Promise<void> {
  current = message;
  const pending: Promise<void>[] = [];
  await runJob(message, { send: (m) => void pending.push(send(m)), control });
  await Promise.all(pending);
  process.disconnect?.();
  process.exit(0);
}

if (!process.send) {
  process.stderr.write('nngpt trainer: this program is started by the NNGPT host over IPC (child_process.fork)\n');
  process.exit(2);
}
lockDownNetwork();
lockDownModelIo();
// Net code can throw from a callback or leave a rejected promise behind; report it as the job's error.
const fatal = (e: unknown) => {
  const failure = failureFrom(e, 'Net code (outside the awaited calls)', current?.netFileName);
  void send({ type: 'error', runId: current?.runId ?? '', reason: failure.reason, message: failure.message }).then(() =>
    process.exit(1),
  );
};
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);
process.on('message', (raw: unknown) => {
  if (!isHostToTrainer(raw)) return;
  if (raw.type === 'cancel') {
    if (current?.runId === raw.runId) control.cancelled = true;
  } else if (!current) {
    void start(raw);
  }
});
// The host going away (editor closed, CLI killed) ends the trainer too.
process.on('disconnect', () => process.exit(0));
