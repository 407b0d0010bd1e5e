/**
 * Who a console page or operation runs for: hq sees every store, a manager only theirs. The web
 * layer (central/console/) makes one from the signed-in account and passes it down; every query
 * here and in dashboard.ts enforces it where the data is read, not only where it is shown: a
 * manager never gets another store's rows, not in a list, a count, a CSV, nor by asking for one by
 * id (it is `not_found`, so an id tells nothing of another store). State-changing operations take
 * an `actor` (the account's name) and return an `Audit`: the web layer records it with who and when.
 */
import type { ConsoleAccount } from "../../store/consoleStore.js";

export type Viewer =
  | { readonly role: "hq" }
  | { readonly role: "manager"; readonly stores: readonly string[] };

export interface Audit {
  /** What was done, as a dotted name: `redemption.void`, `exception.resolve`, … */
  readonly action: string;
  /** What it was done to: a redemption id, a clerk id, a device id. */
  readonly target: string;
  readonly detail: string;
}

export function viewerOf(account: ConsoleAccount): Viewer {
  return account.role === "hq" ? { role: "hq" } : { role: "manager", stores: account.storeIds };
}

export function canSee(viewer: Viewer, storeId: string): boolean {
  return viewer.role === "hq" || viewer.stores.includes(storeId);
}

/**
 * The stores a list may show: the viewer's, narrowed to `storeId` when a page asks for one
 * (none when a manager asks for a store not theirs); undefined for hq's every store.
 */
export function storesInView(viewer: Viewer, storeId?: string): readonly string[] | undefined {
  if (storeId !== undefined) return canSee(viewer, storeId) ? [storeId] : [];
  return viewer.role === "hq" ? undefined : viewer.stores;
}

/** Of the `known` stores, the ones a query reads: the one asked for (when the viewer may see it), else all they may. */
export function storesInScope(viewer: Viewer, known: Iterable<string>, asked?: string): string[] {
  const visible = [...known].filter((storeId) => canSee(viewer, storeId)).sort();
  return asked === undefined ? visible : visible.filter((storeId) => storeId === asked);
}
