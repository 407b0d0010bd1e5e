/**
 * The floor under a gate's online redemption (issue 16: p99 ≤ 15 ms): the same three durable
 * writes and one request in series, with none of the kiosk's or the central service's own work.
 * Per redemption, as a gate does it: a durable LevelDB write of an intent's size, the redemption
 * POSTed over loopback to the bare server that writes the least a central can (bareServer.ts with
 * `BARE_LEVEL`: the ticket's units and the record, in one durable batch), then a durable write of
 * a decision's size; the same gap after each as the gate's pass. Left out: the serial line, the
 * lookup and the rules, the journal's records, index and bookkeeping, the central service's token,
 * judgement and change feed. What a gate's p99 is above this is the software's; this much is the
 * machine's.
 */
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { Level } from "level";
import { request } from "undici";
import { makeRedemption } from "../test/helpers/fixtures.js";
import { startServerProcess } from "./centralProcess.js";
import { type Summary, summarise } from "./stats.js";

const bareServer = fileURLToPath(new URL("./bareServer.js", import.meta.url));
/** The journal's records of a gate's intent and decision, as durableCommit.ts measures them. */
const intentBytes = 683;
const decisionBytes = 1034;

export async function gateFloor(dir: string, redemptions: number, gapMs: number): Promise<Summary> {
  const server = await startServerProcess([bareServer], {
    BARE_BODY: '{"results":[]}',
    BARE_LEVEL: join(dir, "least-central"),
  });
  const db = new Level<string, string>(join(dir, "least-kiosk"), { valueEncoding: "utf8" });
  await db.open();
  try {
    const times: number[] = [];
    for (let i = 0; i < redemptions; i += 1) {
      const redemption = makeRedemption({ ticketCode: `FLOOR-${String(i).padStart(6, "0")}` });
      const startedAt = performance.now();
      await db.batch([{ type: "put", key: `i!${redemption.id}`, value: "i".repeat(intentBytes) }], {
        sync: true,
      });
      const answer = await request(`${server.url}/v1/redemptions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ redemptions: [redemption] }),
      });
      await answer.body.text();
      if (answer.statusCode !== 200) throw new Error(`the bare server answered ${answer.statusCode}`);
      await db.batch([{ type: "put", key: `d!${redemption.id}`, value: "d".repeat(decisionBytes) }], {
        sync: true,
      });
      times.push(performance.now() - startedAt);
      await sleep(gapMs);
    }
    return summarise(times);
  } finally {
    await db.close();
    await server.stop();
  }
}
