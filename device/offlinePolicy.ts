/**
 * What a kiosk may accept alone, without the central service (`offline.*`, docs/reliability.md promise 3 and 9).
 * Every limit bounds what an offline kiosk can over-redeem before the server can say so:
 * - `policy: refuse` — nothing offline;
 * - `maxUnitsPerRedemption` — at most this many units in one offline redemption;
 * - `maxSnapshotAgeMinutes` — the local copy of the tickets must be this recent;
 * - the clock: unsynchronised, the kiosk redeems offline only if `allowUnsyncedClock` and its clock
 *   is not earlier than its last snapshot (minus 5 minutes of slack). A clock that went backwards
 *   (a Pi rebooted without network restores its last shutdown time) cannot judge validity dates
 *   or snapshot age. The redemption then records `clockSynced: false` and the server judges its
 *   validity at the server's own time.
 */
import type { Config } from "./config.js";

export const offlineRefusals = ["policy", "quantity", "stale_snapshot", "clock"] as const;
export type OfflineRefusal = (typeof offlineRefusals)[number];

export interface OfflineContext {
  readonly quantity: number;
  readonly nowMs: number;
  readonly clockSynced: boolean;
  /** When the local ticket snapshot was last complete (device clock), if ever. */
  readonly snapshotAtMs: number | undefined;
}

const clockSlackMs = 5 * 60_000;

/** Undefined when the kiosk may redeem alone; otherwise why not. */
export function offlineRefusal(
  policy: Config["offline"],
  context: OfflineContext,
): OfflineRefusal | undefined {
  if (policy.policy === "refuse") return "policy";
  if (context.quantity > policy.maxUnitsPerRedemption) return "quantity";
  if (!context.clockSynced) {
    const wentBack =
      context.snapshotAtMs !== undefined && context.nowMs < context.snapshotAtMs - clockSlackMs;
    if (!policy.allowUnsyncedClock || wentBack) return "clock";
  }
  if (
    context.snapshotAtMs === undefined ||
    context.nowMs - context.snapshotAtMs > policy.maxSnapshotAgeMinutes * 60_000
  ) {
    return "stale_snapshot";
  }
  return undefined;
}
