/**
 * One record of a central's dump (`ticket-kiosk central export` / `restore`, centralDump.ts): what
 * a store holds, in the store's own terms, so a dump made from one adapter loads into the other.
 * A dump holds them in this order, each kind sorted as noted, so two dumps of the same state are
 * the same lines whatever adapter made them (docs/central.md, "Backups and restore"):
 * counters; stores, clerks, orders by id; tickets by rev; redemptions by arrival number;
 * tombstones by id; tokens by the token's sha256; heartbeats by device id.
 */
import type { ClerkRecord, OrderRecord, StoreRecord, TicketRecord } from "../importPlan.js";
import type { RedemptionRecord } from "../redemptionRecord.js";
import type { HeartbeatRecord, TokenRecord, TombstoneRecord } from "./ledgerStore.js";

export type DumpRecord =
  /** The last rev and arrival number handed out, and the last change's time: they go on from here. */
  | { readonly kind: "counters"; readonly rev: number; readonly seq: number; readonly changedAtMs: number }
  | { readonly kind: "store"; readonly record: StoreRecord }
  /** A clerk with its PIN's verifier (`pinHash`), never the PIN. */
  | { readonly kind: "clerk"; readonly record: ClerkRecord }
  | { readonly kind: "order"; readonly record: OrderRecord }
  /** A ticket with its units (imported and in all) and its rev, so kiosks' cursors stay good. */
  | { readonly kind: "ticket"; readonly record: TicketRecord }
  /**
   * A redemption record (its verdict, flags and void mark) with its arrival number and the sha256
   * of its body: what a replay of its id is compared on (duplicate or `id_reused`).
   */
  | {
      readonly kind: "redemption";
      readonly seq: number;
      readonly bodySha256: string;
      readonly record: RedemptionRecord;
    }
  | { readonly kind: "tombstone"; readonly record: TombstoneRecord }
  /** A token by its sha256 only (the token itself is never kept), a device's with its PIN key. */
  | { readonly kind: "token"; readonly sha256: string; readonly record: TokenRecord }
  | { readonly kind: "heartbeat"; readonly record: HeartbeatRecord };

export type DumpKind = DumpRecord["kind"];

/** The kinds in the order a dump holds them. */
export const dumpKinds: readonly DumpKind[] = [
  "counters",
  "store",
  "clerk",
  "order",
  "ticket",
  "redemption",
  "tombstone",
  "token",
  "heartbeat",
];

/** Records per batch a store dumps or loads: bounded memory whatever the central's size. */
export const dumpBatchSize = 1000;

/** What a load into a store did. */
export type Loaded =
  | { readonly kind: "loaded"; readonly records: number }
  /** The store already holds records: a restore goes into an empty store only. */
  | { readonly kind: "not_empty" };
