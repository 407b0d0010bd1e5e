/**
 * Serialises async work per key: work under the same key runs one at a time in arrival order,
 * work under different keys runs concurrently. The central service locks a ticket while it reads,
 * judges and writes a redemption of it, so two kiosks racing for its last unit get one `accepted`.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.runAll([key], work);
  }

  /**
   * Holds several keys at once. Keys are taken in sorted order, so two callers that both take
   * several keys cannot deadlock each other.
   */
  async runAll<T>(keys: Iterable<string>, work: () => Promise<T>): Promise<T> {
    const releases: (() => void)[] = [];
    try {
      for (const key of [...new Set(keys)].sort()) releases.push(await this.acquire(key));
      return await work();
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  private async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release = (): void => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => held);
    this.tails.set(key, tail);
    await previous;
    return () => {
      release();
      // Forget the key once nobody queued behind us, so the map does not grow with every ticket.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
