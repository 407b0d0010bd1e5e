/**
 * Adding a console account (`ticket-kiosk central user add`, docs/console.md): checked, its
 * password hashed (passwordHash.ts), stored, and audited as done from the command line. A manager
 * names one or more stores the central knows; hq names none (it sees every store).
 */
import * as v from "valibot";
import type { LedgerStore } from "../store/ledgerStore.js";
import { hashPassword, minPasswordLength } from "./passwordHash.js";

export const newConsoleUserSchema = v.pipe(
  v.strictObject({
    name: v.pipe(v.string(), v.regex(/^[\p{L}\p{N}._@-]{1,64}$/u, "1 to 64 letters, digits or . _ @ -")),
    role: v.picklist(["hq", "manager"]),
    storeIds: v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(64))), v.maxLength(200)),
    password: v.pipe(v.string(), v.minLength(minPasswordLength), v.maxLength(1024)),
  }),
  v.check(
    (user) => (user.role === "hq") === (user.storeIds.length === 0),
    "a manager names at least one --store; hq names none (it sees every store)",
  ),
);
export type NewConsoleUser = v.InferOutput<typeof newConsoleUserSchema>;

export type AddUserOutcome =
  | { readonly kind: "added"; readonly created: boolean }
  | { readonly kind: "unknown_store"; readonly unknown: string[]; readonly knownStoreIds: string[] };

export async function addConsoleUser(
  store: LedgerStore,
  user: NewConsoleUser,
  now: () => Date,
  by: string,
): Promise<AddUserOutcome> {
  const known = await store.storeIds();
  const unknown = user.storeIds.filter((storeId) => !known.has(storeId));
  if (unknown.length > 0) return { kind: "unknown_store", unknown, knownStoreIds: [...known].sort() };
  const consoleStore = store.consoleStore();
  const at = now().toISOString();
  const created = await consoleStore.putAccount({
    name: user.name,
    role: user.role,
    storeIds: [...new Set(user.storeIds)].sort(),
    passwordHash: await hashPassword(user.password),
    createdAt: at,
  });
  const stores = user.storeIds.length === 0 ? "" : ` stores=${user.storeIds.join(",")}`;
  await consoleStore.appendAudit({
    at,
    actor: by,
    action: created ? "user_add" : "user_update",
    detail: `${user.name} role=${user.role}${stores}`,
    address: "local",
  });
  return { kind: "added", created };
}
