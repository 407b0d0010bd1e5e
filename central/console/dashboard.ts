/**
 * The 總覽 page's figures, read within the viewer's stores (data/viewer.ts): today's redemptions per
 * store and per hour (by the time the server judged them, in the console's time zone; voided ones
 * left out), each kiosk with its last heartbeat, and the exceptions count. A kiosk is online when
 * the server heard from it within `onlineWithinMs`: kiosks send a heartbeat with each sync round.
 */
import { AdminView } from "../adminView.js";
import type { DeviceSummary } from "../adminWire.js";
import type { LedgerStore, RedemptionsPage } from "../store/ledgerStore.js";
import { storesInScope, type Viewer } from "./data/viewer.js";

export const onlineWithinMs = 2 * 60_000;
const pageSize = 1000;
/** Records received this long before now may still be today's somewhere: scanned, then sorted out. */
const scanBackMs = 48 * 3600_000;

export interface StoreToday {
  readonly storeId: string;
  readonly name: string;
  readonly redemptions: number;
  readonly units: number;
}

export interface KioskState {
  readonly device: DeviceSummary;
  readonly online: boolean;
}

export interface Dashboard {
  /** YYYY-MM-DD in the console's time zone. */
  readonly day: string;
  readonly stores: StoreToday[];
  /** Redemptions per hour of the day, 0–23. */
  readonly hours: number[];
  readonly kiosks: KioskState[];
  readonly openExceptions: number;
}

export async function readDashboard(
  store: LedgerStore,
  viewer: Viewer,
  now: Date,
  timeZone: string,
  askedStore?: string,
): Promise<Dashboard> {
  const dayOf = dayFormatter(timeZone);
  const hourOf = hourFormatter(timeZone);
  const day = dayOf(now);
  const storeIds = storesInScope(viewer, await store.storeIds(), askedStore);
  const receivedSince = new Date(now.getTime() - scanBackMs).toISOString();
  const hours = new Array<number>(24).fill(0);
  const stores: StoreToday[] = [];
  let openExceptions = 0;
  for (const storeId of storeIds) {
    let redemptions = 0;
    let units = 0;
    await eachPage(
      (after) => store.redemptionsSince(after, pageSize, { storeId, receivedSince }),
      (record) => {
        const at = new Date(record.judgedAt ?? record.receivedAt);
        if (record.voided !== undefined || record.status === "rejected" || record.status === "cancelled")
          return;
        if (dayOf(at) !== day) return;
        redemptions += 1;
        units += record.redemption.quantity;
        const hour = hourOf(at);
        hours[hour] = (hours[hour] ?? 0) + 1;
      },
    );
    await eachPage(
      (after) => store.exceptionsSince(after, pageSize, { storeId }),
      () => {
        openExceptions += 1;
      },
    );
    stores.push({ storeId, name: (await store.getStore(storeId))?.name ?? storeId, redemptions, units });
  }
  const inScope = new Set(storeIds);
  const kiosks = (await new AdminView(store).devices())
    .filter((device) => inScope.has(device.storeId) && !device.revoked)
    .map((device) => ({
      device,
      online: device.lastSeenAt !== null && now.getTime() - Date.parse(device.lastSeenAt) < onlineWithinMs,
    }));
  return { day, stores, hours, kiosks, openExceptions };
}

async function eachPage(
  read: (afterSeq: number) => Promise<RedemptionsPage>,
  visit: (record: RedemptionsPage["redemptions"][number]) => void,
): Promise<void> {
  let after = 0;
  for (;;) {
    const page = await read(after);
    for (const record of page.redemptions) visit(record);
    if (!page.hasMore) return;
    after = page.lastSeq;
  }
}

function dayFormatter(timeZone: string): (at: Date) => string {
  const format = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  return (at) => format.format(at);
}

function hourFormatter(timeZone: string): (at: Date) => number {
  const format = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", hourCycle: "h23" });
  return (at) => Number(format.format(at));
}
