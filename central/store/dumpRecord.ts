/**
 * The order and batch size of a central's dump (`ticket-kiosk central export` / `restore`,
 * centralDump.ts); its records (`DumpRecord`, in ledgerStore.ts beside the port that dumps and loads
 * them) are what a store holds, in the store's own terms, so a dump made from one adapter loads into
 * the other. A dump holds them in this order, each kind sorted as noted, so two dumps of the same state are
 * the same lines whatever adapter made them (docs/central.md, "Backups and restore"):
 * counters; stores, clerks, orders by id; tickets by rev; redemptions by arrival number;
 * tombstones by id; tokens by the token's sha256; heartbeats by device id.
 */
import type { DumpKind } from "./ledgerStore.js";

export type { DumpKind, DumpRecord, Loaded } from "./ledgerStore.js";

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
