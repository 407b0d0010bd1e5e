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
   * Holds several keys at once. A caller joins the queue of every key the moment it calls, so each
   * key is held in call order: one order for all keys, so two callers cannot wait on each other
   * (no deadlock), and work that shares any key with earlier work runs after it.
   */
  async runAll<T>(keys: Iterable<string>, work: () => Promise<T>): Promise<T> {
    const holds = [...new Set(keys)].map((key) => this.join(key));
    try {
      await Promise.all(holds.map((hold) => hold.turn));
      return await work();
    } finally {
      for (const hold of holds) hold.release();
    }
  }

  private join(key: string): { turn: Promise<void>; release: () => void } {
    const turn = this.tails.get(key) ?? Promise.resolve();
    let release = (): void => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = turn.then(() => held);
    this.tails.set(key, tail);
    return {
      turn,
      release: () => {
        release();
        // Forget the key once nobody queued behind us, so the map does not grow with every ticket.
        if (this.tails.get(key) === tail) this.tails.delete(key);
      },
    };
  }
}
