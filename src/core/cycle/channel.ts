/**
 * A bounded hand-over between the candidate producer (generation) and the consumer (training):
 * the producer may run `capacity` candidates ahead, so the trainer never waits on the LLM but the
 * LLM is not asked for candidates a cancelled cycle will never train.
 */
export class Channel<T> {
  private readonly items: T[] = [];
  private closed = false;
  private readonly waitingTakers: ((item: T | undefined) => void)[] = [];
  private readonly waitingPutters: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  /** Resolves once the item is accepted (at once while there is room). */
  async put(item: T): Promise<void> {
    if (this.closed) throw new Error('put on a closed channel');
    const taker = this.waitingTakers.shift();
    if (taker) {
      taker(item);
      return;
    }
    while (this.items.length >= this.capacity && !this.closed)
      await new Promise<void>((resolve) => this.waitingPutters.push(resolve));
    if (this.closed) return;
    this.items.push(item);
  }

  /** The next item, or undefined once the channel is closed and drained. */
  take(): Promise<T | undefined> {
    const item = this.items.shift();
    if (item !== undefined) {
      this.waitingPutters.shift()?.();
      return Promise.resolve(item);
    }
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waitingTakers.push(resolve));
  }

  /** No more items will come; waiting takers get undefined after the queue drains. */
  close(): void {
    this.closed = true;
    this.waitingTakers.splice(0).forEach((taker) => taker(undefined));
    this.waitingPutters.splice(0).forEach((putter) => putter());
  }
}
