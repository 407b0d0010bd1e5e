/**
 * Who a console operation runs for, and what it hands back for the audit log. Every operation in
 * this folder takes a `Viewer` and enforces it in its query: a manager never gets another store's
 * rows, not in a list, a count, a CSV, nor by asking for one by id (it is `not_found`, so an id
 * tells nothing of another store). State-changing operations take an `actor` (the account's name)
 * and return an `Audit`: the web layer (central/console/) records it with who and when.
 */
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
