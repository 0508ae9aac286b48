/**
 * One writer per store file: a lock file beside it holds the owner's pid, host and start time.
 * Created with `wx` so two processes cannot both take it; a lock whose process is gone is stale
 * and is taken over, so a crash never locks the user out.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { LockOwner } from './storeErrors';
import { StoreLockedError } from './storeErrors';

/** How old an unreadable lock file must be before it counts as stale (a writer may be mid-write). */
const unreadableGraceMs = 5_000;

/** Locks this process holds, so a second open in the same process is refused, not mistaken for stale. */
const heldHere = new Set<string>();

/** A held lock; `release()` removes the file if it is still ours. */
export interface HeldLock {
  readonly lockPath: string;
  release(): void;
}

/** The lock file for a store file. */
export function lockPathFor(storePath: string): string {
  return `${storePath}.lock`;
}

/** Takes the write lock for `storePath` or throws {@link StoreLockedError}. */
export function acquireLock(storePath: string, now: () => number = Date.now): HeldLock {
  const lockPath = lockPathFor(storePath);
  const owner: LockOwner = { pid: process.pid, hostname: os.hostname(), startedAt: now() };
  const content = JSON.stringify(owner);
  for (let attempt = 0; attempt < 2; attempt++) {
    if (heldHere.has(lockPath)) throw new StoreLockedError(storePath, readOwner(lockPath), lockPath);
    try {
      fs.writeFileSync(lockPath, content, { flag: 'wx' });
      return hold(lockPath, content);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const existing = readOwner(lockPath);
    if (!isStale(lockPath, existing)) throw new StoreLockedError(storePath, existing, lockPath);
    fs.rmSync(lockPath, { force: true });
  }
  throw new StoreLockedError(storePath, readOwner(lockPath), lockPath);
}

function hold(lockPath: string, content: string): HeldLock {
  heldHere.add(lockPath);
  // A CLI that exits without close() must not leave a lock that looks live to its own pid's successor.
  const onExit = (): void => removeIfOurs(lockPath, content);
  process.once('exit', onExit);
  return {
    lockPath,
    release() {
      process.removeListener('exit', onExit);
      heldHere.delete(lockPath);
      removeIfOurs(lockPath, content);
    },
  };
}

function removeIfOurs(lockPath: string, content: string): void {
  try {
    if (fs.readFileSync(lockPath, 'utf8') === content) fs.rmSync(lockPath, { force: true });
  } catch {
    // Already gone: nothing to release.
  }
}

/** The owner recorded in a lock file, or undefined when it is missing or unreadable. */
export function readOwner(lockPath: string): LockOwner | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.hostname === 'string' && typeof value.startedAt === 'number') {
      return { pid: value.pid, hostname: value.hostname, startedAt: value.startedAt };
    }
  } catch {
    // Fall through: unreadable.
  }
  return undefined;
}

function isStale(lockPath: string, owner: LockOwner | undefined): boolean {
  if (!owner) {
    try {
      return Date.now() - fs.statSync(lockPath).mtimeMs > unreadableGraceMs;
    } catch {
      return true; // vanished between the create attempt and now
    }
  }
  // A lock from another machine (shared folder) cannot be checked; treat it as live.
  if (owner.hostname !== os.hostname()) return false;
  if (owner.pid === process.pid) return !heldHere.has(lockPath);
  return !processAlive(owner.pid);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
