/**
 * Who is looking, as every console query takes it: hq sees every store, a manager only theirs.
 * The scope is applied where the data is read (dashboard.ts), not only where it is shown.
 */
import type { ConsoleAccount, ConsoleRole } from "../store/consoleStore.js";

export interface Viewer {
  readonly name: string;
  readonly role: ConsoleRole;
  /** "all" for hq; a manager's stores otherwise. */
  readonly stores: "all" | ReadonlySet<string>;
}

export function viewerOf(account: ConsoleAccount): Viewer {
  return {
    name: account.name,
    role: account.role,
    stores: account.role === "hq" ? "all" : new Set(account.storeIds),
  };
}

export function canSeeStore(viewer: Viewer, storeId: string): boolean {
  return viewer.stores === "all" || viewer.stores.has(storeId);
}

/** The stores a query reads: the one asked for (when the viewer may see it), else all they may. */
export function storesInScope(viewer: Viewer, known: Iterable<string>, asked?: string): string[] {
  const visible = [...known].filter((storeId) => canSeeStore(viewer, storeId)).sort();
  return asked === undefined ? visible : visible.filter((storeId) => storeId === asked);
}
