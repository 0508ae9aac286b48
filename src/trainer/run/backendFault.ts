/**
 * Tells a backend's fault from the Net's own error, so a run that fails inside TF.js's backend is
 * reported as `backend` (naming it) and never blamed on the Net. The start-up test of each rung
 * (backends/startupTest.ts) catches a backend that cannot train at all; this catches the rest, in
 * the middle of a run.
 */
import { syncReadFix, syncReadWhy } from '../../core/netApi/rules/syncReads';

/** The backend the running job trains on (set by the job once the ladder has chosen). */
let running: string | undefined;

/** Records which backend the job runs on, for the failure messages. */
export function setRunningBackend(name: string | undefined): void {
  running = name;
}

/** The backend set by `setRunningBackend`, if any. */
export function runningBackend(): string | undefined {
  return running;
}

/** TF.js's webgpu backend reads synchronously through an OffscreenCanvas, which Node has not. */
const syncReadOnWebgpu = /OffscreenCanvas is not defined/;

/** What only a backend says: WebGPU's objects and errors, a lost device, a kernel the backend lacks. */
const backendWords =
  /OffscreenCanvas is not defined|\bGPU(Device|Buffer|Queue|Adapter|ValidationError|OutOfMemoryError|InternalError)\b|WebGPU|device (was |is )?lost|Kernel '[^']+' not registered for backend/;

/** The tensor methods that read synchronously. */
const syncReaders = /^\s*at (?:\S+\.)?(dataSync|arraySync|bufferSync) /;

function messageOf(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Whether `e` comes from the backend rather than from what the Net asked of it. */
export function isBackendFault(e: unknown): boolean {
  return backendWords.test(messageOf(e));
}

/**
 * The sync-read method (`dataSync`, `arraySync`, `bufferSync`) the Net itself called when `e` is
 * webgpu's failed sync read and the Net's own code made the call; undefined otherwise (then TF.js
 * read synchronously on its own, which is the backend's fault).
 */
export function netSyncRead(e: unknown, netFileName: string | undefined): string | undefined {
  if (!netFileName || !(e instanceof Error) || !syncReadOnWebgpu.test(e.message) || !e.stack) return undefined;
  const frames = e.stack.split('\n').slice(1);
  let reader: string | undefined;
  for (const frame of frames) {
    const m = frame.match(syncReaders);
    if (m) {
      reader = m[1];
      continue;
    }
    // The first frame after the sync read decides whose call it was.
    if (reader) return frame.includes(netFileName) ? reader : undefined;
  }
  return undefined;
}

/** The message for the Net's own sync read during `what`. */
export function netSyncReadMessage(what: string, reader: string): string {
  return `${what} called ${reader}(): ${syncReadWhy}. ${syncReadFix}`;
}

/** The message for a backend that failed during `what` with `text`. */
export function backendFaultMessage(what: string, text: string, backend = running): string {
  const name = backend ? `the ${backend} backend` : 'the backend';
  return `${name[0].toUpperCase()}${name.slice(1)} failed during ${what}: ${text}. This is a fault of ${name}, not of the Net: train on another backend (nngpt.training.backend, or --backend wasm).`;
}
