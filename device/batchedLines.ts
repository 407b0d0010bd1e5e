/**
 * Log lines written within one turn of the event loop, handed to their sink in one write. A busy
 * central service answers many requests a turn (a group commit's verdicts come back together),
 * two lines each, and each write to stderr is a system call that wakes its reader (journald):
 * on a loaded machine every wake-up is a switch the service then waits a core for
 * (docs/performance.md, "Central service"). A line waits at most until the turn ends (the check
 * phase); `flush()` writes what waits at once, for an exit that does not wait for the loop.
 */
export interface LineSink {
  write(text: string): unknown;
}

export class BatchedLines implements LineSink {
  private pending: string[] = [];
  private scheduled = false;

  constructor(private readonly sink: LineSink) {}

  write(text: string): boolean {
    this.pending.push(text);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
    return true;
  }

  readonly flush = (): void => {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const text = this.pending.join("");
    this.pending = [];
    this.sink.write(text);
  };
}
