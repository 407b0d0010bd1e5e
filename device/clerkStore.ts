/**
 * The clerk store port: the store's clerks as the central service last listed them, and the
 * wrong-PIN guard. The clerks are a copy (PIN hashes only) replaced whole at every sync: lost, they
 * are downloaded again at the next one, and until then nobody can log in offline. The guard is the
 * kiosk's own and is written durably: lost, the wrong-PIN count starts again from nothing
 * (docs/reliability.md, "What each store may lose"). It lives in the journal's database
 * (levelStore.ts) and opens and closes with it.
 */

import type { PinGuard } from "./pinLockout.js";
import type { Clerk } from "./ports/wire.js";

/** Wrong-PIN rate limiting that survives a restart (pinLockout.ts says what clears it). */
export type LoginGuardState = PinGuard;

export interface ClerkStore {
  /** The store's clerks as the central service last listed them (replaced whole). */
  clerks(): readonly Clerk[];
  storeClerks(clerks: readonly Clerk[]): Promise<void>;
  loginGuard(): LoginGuardState;
  saveLoginGuard(state: LoginGuardState): Promise<void>;
}
