/**
 * The clerk store (clerkStore.ts) in the journal's LevelDB (levelStore.ts): the clerk list in its
 * own sublevel, written lazily (the next sync lists them again); the login guard under
 * `meta/loginGuard`, written durably, since nothing outside the kiosk knows its count.
 */

import type { ClerkStore, LoginGuardState } from "./clerkStore.js";
import type { LevelStore } from "./levelStore.js";
import { openGuard } from "./pinLockout.js";
import type { Clerk } from "./ports/wire.js";

export class LevelClerkStore implements ClerkStore {
  private guard: LoginGuardState = openGuard;
  private clerkList: readonly Clerk[] = [];

  constructor(private readonly store: LevelStore) {}

  /** Reads the clerks and the guard; the journal calls it once the database is open. */
  async load(): Promise<void> {
    this.guard =
      ((await this.store.sub("meta").get("loginGuard")) as LoginGuardState | undefined) ?? openGuard;
    const clerks: Clerk[] = [];
    for await (const clerk of this.store.sub("clerks").values()) clerks.push(clerk as Clerk);
    this.clerkList = clerks;
  }

  clerks(): readonly Clerk[] {
    return this.clerkList;
  }

  async storeClerks(clerks: readonly Clerk[]): Promise<void> {
    if (JSON.stringify(clerks) === JSON.stringify(this.clerkList)) return;
    const keep = new Set(clerks.map((clerk) => clerk.id));
    const gone = this.clerkList
      .filter((clerk) => !keep.has(clerk.id))
      .map((clerk) => this.store.del("clerks", clerk.id));
    await this.store.batch(
      [...gone, ...clerks.map((clerk) => this.store.put("clerks", clerk.id, clerk))],
      "lazy",
    );
    this.clerkList = [...clerks];
  }

  loginGuard(): LoginGuardState {
    return this.guard;
  }

  async saveLoginGuard(state: LoginGuardState): Promise<void> {
    this.guard = state;
    await this.store.batch([this.store.put("meta", "loginGuard", state)], "durable");
  }
}
