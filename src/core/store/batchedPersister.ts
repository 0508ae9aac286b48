/**
 * Batches persists: changes mark the store dirty and arm one timer; when it fires (or on
 * `flush()`), one snapshot of the whole database goes to disk atomically. A burst of writes
 * thus costs one file write, and persists never overlap.
 */
import { writeFileAtomic } from './atomicWrite';
import { Emitter } from './emitter';

/** See the file comment. */
export class BatchedPersister {
  private readonly failures = new Emitter<Error>();
  private readonly persisted = new Emitter<{ readonly bytes: number }>();
  /** Fires when a timer-driven persist fails; the data stays dirty and the next flush retries. */
  readonly onDidFail = this.failures.event;
  /** Fires after each completed atomic write. */
  readonly onDidPersist = this.persisted.event;
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    /** Takes the snapshot to write; called synchronously by `flush()`. */
    private readonly snapshot: () => Uint8Array,
    private readonly delayMs: number,
  ) {}

  /** Records a change and arms the batch timer if it is not running. */
  markDirty(): void {
    this.dirty = true;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((error: unknown) =>
        this.failures.fire(error instanceof Error ? error : new Error(String(error))),
      );
    }, this.delayMs);
  }

  /** Persists pending changes now; resolves once every change made before the call is on disk. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return this.chain;
    this.dirty = false;
    const bytes = this.snapshot(); // taken now: later changes belong to the next flush
    const done = this.chain.then(async () => {
      await writeFileAtomic(this.file, bytes);
      this.persisted.fire({ bytes: bytes.length });
    });
    this.chain = done.catch(() => undefined);
    return done.catch((error: unknown) => {
      this.dirty = true;
      throw error;
    });
  }
}
