/** Reads a child process's resident memory (Linux /proc), for the RSS cap the V8 heap flag cannot give. */
import { readFileSync } from 'node:fs';

/** Resident set size of `pid` in MiB, or undefined where /proc is not available. */
export function readRssMB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = status.match(/^VmRSS:\s+(\d+)\s+kB/m);
    return kb ? Number(kb[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Why a trainer that exited without a final message died, judged from its exit and stderr. */
export function exitCause(
  code: number | null,
  signal: NodeJS.Signals | null,
  stderrTail: string,
): { reason: 'oom' | 'crash'; message: string } {
  if (/heap out of memory|Allocation failed|Reached heap limit|Cannot allocate memory/i.test(stderrTail)) {
    return {
      reason: 'oom',
      message: `the trainer ran out of memory (heap limit reached)${signal ? `, signal ${signal}` : ''}`,
    };
  }
  const tail = stderrTail.trim().split('\n').slice(-3).join(' | ');
  return {
    reason: 'crash',
    message: `the trainer exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`})${tail ? `: ${tail}` : ''}`,
  };
}
