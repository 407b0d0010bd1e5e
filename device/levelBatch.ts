/**
 * The options every LevelDB batch of the project is written with, frozen on purpose.
 *
 * abstract-level copies a batch's options into each of its operations (`{ ...options, ...op }`).
 * On Node 20 (V8 11.3) that copy takes a slow path, about 3 µs an operation, when the options are
 * an ordinary object, and V8's fast clone, about 0.2 µs, when they are frozen. A central service's
 * commit of a redemption is nine operations: its batch took 88–122 µs, now 21–25 µs
 * (docs/performance.md, "Central service on LevelDB, fourth round"). Node 22 clones both fast.
 */

/** On disk before the write resolves: LevelDB syncs its log for the batch (docs/hardware.md). */
export const syncedBatch = Object.freeze({ sync: true });

/** Left to LevelDB's pace: the next synced batch carries it to disk. */
export const unsyncedBatch = Object.freeze({ sync: false });
