/**
 * 日結對帳: one store's day (its local day, Asia/Taipei unless told, the same day the kiosk's 日結
 * closes: device/storeDay.ts), what the merchant reconciles against the ticket issuer: per product
 * the units and redemptions that stand (accepted or conflict, not voided: judgeUpload.ts
 * `countsUnits`), how many of those were made offline, and how many of the day's redemptions were
 * voided; with totals, as data and as CSV. A redemption belongs to the day it was judged at
 * (redemptionQuery.ts `redemptionTime`), not the day it reached the server.
 */
import type { Readable } from "node:stream";
import { storeDay } from "../../../device/storeDay.js";
import { countsUnits } from "../../judgeUpload.js";
import type { ConsoleLedgerStore } from "./consoleStores.js";
import { csvStream } from "./csv.js";
import { allInView } from "./redemptionList.js";
import { canSee, type Viewer } from "./viewer.js";

export const defaultStoreTimeZone = "Asia/Taipei";

export interface DayFigures {
  readonly units: number;
  readonly redemptions: number;
  readonly offline: number;
  readonly voided: number;
}

export interface DayReconciliation {
  readonly storeId: string;
  /** YYYY-MM-DD in the store's time zone. */
  readonly day: string;
  readonly from: string;
  readonly until: string;
  /** By product name; `(unknown)` for a ticket the server no longer holds. */
  readonly products: { readonly productName: string; readonly figures: DayFigures }[];
  readonly total: DayFigures;
}

export type DayReconciliationOutcome =
  | { readonly kind: "report"; readonly report: DayReconciliation }
  | { readonly kind: "not_found" }
  /** Not a YYYY-MM-DD date. */
  | { readonly kind: "day_invalid" };

const unknownProduct = "(unknown)";

export async function dayReconciliation(
  store: ConsoleLedgerStore,
  viewer: Viewer,
  request: { readonly storeId: string; readonly day: string; readonly timeZone?: string },
): Promise<DayReconciliationOutcome> {
  const { storeId, day } = request;
  if (!canSee(viewer, storeId) || (await store.getStore(storeId)) === undefined) return { kind: "not_found" };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T12:00:00Z`)))
    return { kind: "day_invalid" };
  // Noon UTC lies within the named day in every zone from UTC-12 to UTC+11, Taipei's among them.
  const bounds = storeDay(new Date(`${day}T12:00:00Z`), request.timeZone ?? defaultStoreTimeZone);
  if (bounds.day !== day) return { kind: "day_invalid" };
  const from = bounds.from.toISOString();
  const until = bounds.to.toISOString();
  const byProduct = new Map<string, DayFigures>();
  const empty: DayFigures = { units: 0, redemptions: 0, offline: 0, voided: 0 };
  let total = empty;
  for await (const { record, productName } of allInView(store, { storeIds: [storeId], from, until })) {
    const stands = countsUnits(record);
    const add: DayFigures = {
      units: stands ? record.redemption.quantity : 0,
      redemptions: stands ? 1 : 0,
      offline: stands && record.redemption.offline ? 1 : 0,
      voided: record.voided === undefined ? 0 : 1,
    };
    if (add.redemptions + add.voided === 0) continue;
    const name = productName ?? unknownProduct;
    byProduct.set(name, sum(byProduct.get(name) ?? empty, add));
    total = sum(total, add);
  }
  const products = [...byProduct.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, figures]) => ({ productName: name, figures }));
  return { kind: "report", report: { storeId, day, from, until, products, total } };
}

function sum(a: DayFigures, b: DayFigures): DayFigures {
  return {
    units: a.units + b.units,
    redemptions: a.redemptions + b.redemptions,
    offline: a.offline + b.offline,
    voided: a.voided + b.voided,
  };
}

/** The report as CSV: a row per product, then the total (product `(total)`). */
export function dayReconciliationCsv(report: DayReconciliation): Readable {
  async function* rows() {
    const line = (productName: string, { units, redemptions, offline, voided }: DayFigures) =>
      [report.storeId, report.day, productName, units, redemptions, offline, voided] as const;
    for (const { productName, figures } of report.products) yield line(productName, figures);
    yield line("(total)", report.total);
  }
  return csvStream(["store_id", "day", "product_name", "units", "redemptions", "offline", "voided"], rows());
}
