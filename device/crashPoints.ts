/**
 * Named crash points for the crash harness (docs/reliability.md promise 1 and 2): with
 * `TK_CRASH_POINT=<name>` (and optionally `TK_CRASH_CHANCE`, default 1) the
 * process kills itself with SIGKILL at that point, exactly as a power cut would stop it there. The
 * environment is read once; unset, a crash point costs one comparison. This is the one place
 * outside `main` that ends the process, on purpose.
 */
export type CrashPoint =
  /** The intent is on disk; the central service has not been asked. */
  | "after-intent"
  /** The central service accepted; the journal does not know yet. */
  | "after-server-accept"
  /** An upload was answered; the verdicts are not applied yet. */
  | "mid-upload"
  /** A ticket page arrived; it is not stored yet. */
  | "mid-download"
  /** A decision or a reprint that calls for a slip is on disk; the print queue does not hold it yet. */
  | "before-slip-queued"
  /** The central service (on PostgreSQL) wrote an upload's verdict in its transaction; no commit yet. */
  | "central-before-commit"
  /** The central service committed an upload's verdict; the device has not been answered. */
  | "central-after-commit";

/** A small seeded generator (mulberry32), so a failing run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const armed = process.env.TK_CRASH_POINT;
const chance = Number(process.env.TK_CRASH_CHANCE ?? "1");
/** `TK_CRASH_SEED` decides which passes of the point kill, so the harness can replay a run. */
const seed = process.env.TK_CRASH_SEED;
const random = seed === undefined ? Math.random : seededRandom(Number(seed));

export function crashPoint(point: CrashPoint): void {
  if (armed === point && random() < chance) process.kill(process.pid, "SIGKILL");
}
