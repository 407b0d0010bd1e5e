/**
 * Simulated kiosks redeeming online at once against a central service: each kiosk is a real
 * client, an undici `Pool` with one connection and its own device token, sending one redemption
 * per `POST /v1/redemptions` (what an online redemption sends) as soon as its previous answer came,
 * each for a different ticket of the catalogue (bench/catalogue.ts).
 */
import { randomUUID } from "node:crypto";
import { Pool } from "undici";
import type { Redemption } from "../device/domain.js";
import { benchStore } from "./catalogue.js";
import { closedLoop, type Load } from "./closedLoop.js";

export interface Kiosk {
  readonly deviceId: string;
  readonly token: string;
  /** The tickets it redeems, in turn. */
  readonly codes: readonly string[];
}

export interface FleetLoad extends Load {
  /** One answer's body, for the bare server to repeat. */
  readonly sample: string | undefined;
}

/**
 * Drives `fleet` at `url` for `seconds`; counts the redemptions answered `counted` (a verdict), or
 * with `counted` "200" the answers by their HTTP status (the bare server judges nothing).
 */
export async function driveFleet(
  url: string,
  fleet: readonly Kiosk[],
  seconds: number,
  counted: string,
): Promise<FleetLoad> {
  const pools = fleet.map(() => new Pool(url, { connections: 1 }));
  let sample: string | undefined;
  try {
    const load = await closedLoop(fleet.length, seconds, counted, async (k, n) => {
      const kiosk = fleet[k] as Kiosk;
      const redemption: Redemption = {
        id: randomUUID(),
        ticketCode: kiosk.codes[n % kiosk.codes.length] ?? "",
        quantity: 1,
        redeemedAt: new Date().toISOString(),
        clockSynced: true,
        seq: n + 1,
        deviceId: kiosk.deviceId,
        storeId: benchStore.id,
        source: "scan",
        offline: false,
      };
      const response = await (pools[k] as Pool).request({
        path: "/v1/redemptions",
        method: "POST",
        headers: { authorization: `Bearer ${kiosk.token}`, "content-type": "application/json" },
        body: JSON.stringify({ redemptions: [redemption] }),
      });
      const text = await response.body.text();
      sample ??= text;
      return outcomeOf(response.statusCode, text, counted);
    });
    return { ...load, sample };
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
}

/** The verdict of the one redemption sent; the bare server's answers count by their HTTP status. */
function outcomeOf(httpStatus: number, text: string, counted: string): string {
  if (httpStatus !== 200) return `HTTP ${httpStatus}`;
  if (counted === "200") return "200";
  return (JSON.parse(text) as { results?: { status?: string }[] }).results?.[0]?.status ?? "none";
}
