/**
 * The floor under the LevelDB central's target (issue 13: ≥ 0.2× a bare HTTP server), as
 * leastRedemption.ts is PostgreSQL's: the least a redemption can write, behind the bare server
 * (bareServer.ts with `BARE_LEVEL`). Its ticket's units read and written back one higher, and its
 * record put under its id, in one batch, durably, in a group commit as the central's own
 * (central/groupCommit.ts). Less than any correct central does: no change feed, no token, no
 * check of a replayed id, no clerk, no judgement, no numbering.
 */
import { Level } from "level";
import { GroupCommit } from "../central/groupCommit.js";
import { syncedBatch } from "../device/levelBatch.js";
import type { LeastStore } from "./leastRedemption.js";

type Put = { readonly type: "put"; readonly key: string; readonly value: string };

export async function openLeastLevel(location: string): Promise<LeastStore> {
  const db = new Level<string, string>(location, { valueEncoding: "utf8" });
  await db.open();
  const groups = new GroupCommit<Put>((operations) => db.batch(operations, syncedBatch));
  return {
    redeem: async (redemption, body) => {
      const unitsKey = `u!${redemption.ticketCode}`;
      // Waits for an earlier commit of the same ticket, so the count read is the one on disk.
      await groups.settled(unitsKey);
      const units = Number(db.getSync(unitsKey) ?? "0") + redemption.quantity;
      await groups.add(
        [
          { type: "put", key: unitsKey, value: String(units) },
          { type: "put", key: `r!${redemption.id}`, value: body },
        ],
        [unitsKey],
      );
    },
    close: () => db.close(),
  };
}
