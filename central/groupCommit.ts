/**
 * Group commit: one durable write at a time, and every commit queued while it is in flight goes
 * into the next one together, so N callers waiting on the disk cost one fsync instead of N. Groups
 * are written in the order their commits were queued, each in one atomic write, so a reader never
 * sees a later commit without the earlier ones. A caller resolves when its own group is durable; a
 * failed write rejects exactly the callers in its group.
 *
 * Commits name the keys they write, so a commit being built can wait until an earlier commit of
 * the same key has settled and read what the disk really holds: never a value whose write may yet
 * fail.
 */
export type WriteGroup<Op> = (operations: Op[]) => Promise<void>;

interface Group<Op> {
  readonly operations: Op[];
  readonly written: Promise<void>;
  /** Settles with the write, whether it succeeded or failed. */
  readonly settled: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

const ignore = (): void => {};

export class GroupCommit<Op> {
  /** The group collecting commits while another is written; written as soon as that one settles. */
  private next: Group<Op> | undefined;
  private inFlight: Group<Op> | undefined;
  /** Keys written by commits not yet settled → when their group settles. */
  private readonly unsettled = new Map<string, Promise<void>>();

  constructor(private readonly writeGroup: WriteGroup<Op>) {}

  /** Queues one commit's operations; resolves once the group they went into is durable. */
  add(operations: readonly Op[], keys: Iterable<string> = []): Promise<void> {
    const group = this.next ?? newGroup<Op>();
    this.next = group;
    // One by one: an import's commit can hold more operations than a call takes arguments.
    for (const operation of operations) group.operations.push(operation);
    for (const key of keys) this.track(key, group.settled);
    if (this.inFlight === undefined) this.writeNext();
    return group.written;
  }

  /** Resolves when every commit queued so far that wrote `key` (any key when absent) has settled. */
  settled(key?: string): Promise<void> {
    if (key !== undefined) return this.unsettled.get(key) ?? Promise.resolve();
    return (this.next ?? this.inFlight)?.settled ?? Promise.resolve();
  }

  private track(key: string, settled: Promise<void>): void {
    this.unsettled.set(key, settled);
    void settled.then(() => {
      if (this.unsettled.get(key) === settled) this.unsettled.delete(key);
    });
  }

  private writeNext(): void {
    const group = this.next;
    this.next = undefined;
    this.inFlight = group;
    if (group === undefined) return;
    this.write(group).then(group.resolve, group.reject);
    void group.settled.then(() => this.writeNext());
  }

  /** A write that throws before returning its promise still only fails its own group. */
  private async write(group: Group<Op>): Promise<void> {
    await this.writeGroup(group.operations);
  }
}

function newGroup<Op>(): Group<Op> {
  let resolve = ignore;
  let reject: (error: unknown) => void = ignore;
  const written = new Promise<void>((onWritten, onFailed) => {
    resolve = onWritten;
    reject = onFailed;
  });
  return { operations: [], written, settled: written.then(ignore, ignore), resolve, reject };
}
