/**
 * Typed failures of the history store. Each one names the file and says what the user can do,
 * so the host and the CLI can show the message as it is.
 */

/** Base class: every store failure carries the path of the file it concerns. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Who holds a lock, as written into the lock file. */
export interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  /** Milliseconds since the epoch when the owner took the lock. */
  readonly startedAt: number;
}

/** Another live process (the extension or a CLI run) already writes this store. */
export class StoreLockedError extends StoreError {
  constructor(
    path: string,
    readonly owner: LockOwner | undefined,
    readonly lockPath: string,
  ) {
    const who = owner
      ? `process ${owner.pid} on ${owner.hostname} (since ${new Date(owner.startedAt).toISOString()})`
      : 'another process (its lock file could not be read)';
    super(
      `The history store ${path} is in use by ${who}. Close the other writer, or open the store read-only. ` +
        `If no such process exists, delete ${lockPath}.`,
      path,
    );
  }
}

/** Why an existing file cannot be used as a history store. */
export type UnusableReason = 'not-sqlite' | 'damaged' | 'foreign-sqlite' | 'newer-schema';

/** The file exists but is not a history store this version can open; it is left untouched. */
export class StoreUnusableError extends StoreError {
  constructor(
    path: string,
    readonly reason: UnusableReason,
    detail: string,
  ) {
    super(
      `${path} is not usable as an NNGPT history store: ${detail}. The file was not changed; start a new store beside it or move it away.`,
      path,
    );
  }
}

/** A write was attempted on a store opened read-only. */
export class StoreReadOnlyError extends StoreError {
  constructor(path: string) {
    super(`The history store ${path} was opened read-only; writes are not allowed.`, path);
  }
}

/** The store was used after `close()`. */
export class StoreClosedError extends StoreError {
  constructor(path: string) {
    super(`The history store ${path} is closed.`, path);
  }
}

/** Bad input to a store call (unknown variant, malformed value); nothing was written. */
export class StoreInputError extends StoreError {}
