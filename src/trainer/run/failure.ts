/** A job failure with the protocol's reason; the message is written for the user and for an LLM repair prompt. */
import type { FailureReason } from '../../shared/trainerProtocol';
import { backendFaultMessage, isBackendFault, netSyncRead, netSyncReadMessage } from './backendFault';

/** Thrown inside the trainer to end a job with a named reason. */
export class RunFailure extends Error {
  override readonly name = 'RunFailure';
  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message);
  }
}

/** Generated → original line numbers of the Net being run (set by evaluateNet from the source map). */
let netLines = new Map<number, number>();

/** Records how the running Net's transpiled lines map to its source lines. */
export function setNetLineTable(table: Map<number, number>): void {
  netLines = table;
}

/** One line from anything thrown: `TypeError: x is undefined`, plus the Net's source line when the stack names it. */
export function describeThrown(e: unknown, netFileName?: string): string {
  if (!(e instanceof Error)) return String(e);
  const head = `${e.name}: ${e.message.split('\n')[0]}`;
  if (!netFileName || !e.stack) return head;
  const frame = e.stack.split('\n').find((l) => l.includes(netFileName));
  const at = frame?.match(/:(\d+):(\d+)\)?$/);
  if (!at) return head;
  const line = netLines.get(Number(at[1]));
  return line ? `${head} (${netFileName} line ${line})` : head;
}

/** Maps errors raised by TF.js or V8 when memory runs out to 'oom'. */
export function isOutOfMemory(e: unknown): boolean {
  const text = e instanceof Error ? `${e.name} ${e.message}` : String(e);
  return /out of memory|Array buffer allocation failed|Invalid typed array length|Invalid array length|Cannot enlarge memory|memory access out of bounds/i.test(
    text,
  );
}

/** Whether the sandbox refused something: the permission model, the network lockdown, the require shim or the code-generation ban. */
export function isSandboxDenial(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ERR_ACCESS_DENIED' || code === 'ERR_DLOPEN_DISABLED') return true;
  const text = e instanceof Error ? e.message : String(e);
  return /is not allowed in the trainer sandbox|is not allowed: a Net may import only|Code generation from strings disallowed/.test(
    text,
  );
}

/**
 * The failure for anything Net code threw during `what` (e.g. "learn()"): sandbox, oom, backend
 * (TF.js's backend failed, not the Net) or net-error.
 */
export function failureFrom(e: unknown, what: string, netFileName?: string): RunFailure {
  if (e instanceof RunFailure) return e;
  const text = describeThrown(e, netFileName);
  if (isSandboxDenial(e))
    return new RunFailure(
      'sandbox',
      `${what} tried something the sandbox forbids: ${text}. A Net may only use TF.js: no files, processes, network or eval.`,
    );
  if (isOutOfMemory(e)) return new RunFailure('oom', `${what} ran out of memory: ${text}`);
  const reader = netSyncRead(e, netFileName);
  if (reader) return new RunFailure('net-error', netSyncReadMessage(what, reader));
  if (isBackendFault(e)) return new RunFailure('backend', backendFaultMessage(what, text));
  return new RunFailure('net-error', `${what} threw ${text}`);
}
