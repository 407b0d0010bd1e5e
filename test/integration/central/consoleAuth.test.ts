/**
 * Console sign-in (central/console/consoleAuth.ts) on a real LevelDB with a clock the test moves:
 * one address spreading guesses over many names is held back by its bucket, whoever it names,
 * and gets attempts back as time passes; the session's absolute expiry holds however busy it is.
 */
import test from "ava";
import { ConsoleAuth } from "../../../central/console/consoleAuth.js";
import { hashPassword } from "../../../central/console/passwordHash.js";
import { openTempLedgerStore } from "../../helpers/tempLedgerStore.js";

async function openAuth(t: { teardown(fn: () => Promise<void>): void }) {
  const store = await openTempLedgerStore(t, "console-auth-");
  const consoleStore = store.consoleStore();
  await consoleStore.putAccount({
    name: "boss",
    role: "hq",
    storeIds: [],
    passwordHash: await hashPassword("correct horse battery"),
    createdAt: "2026-12-04T00:00:00.000Z",
  });
  const clock = { nowMs: Date.parse("2026-12-04T02:00:00.000Z") };
  return { auth: new ConsoleAuth(consoleStore, () => clock.nowMs), clock };
}

test("one address gets ten attempts at once over any names, then one every five seconds", async (t) => {
  const { auth, clock } = await openAuth(t);
  for (let name = 1; name <= 10; name += 1)
    t.is((await auth.login(`user-${name}`, "guess", "198.51.100.7")).kind, "refused");
  t.like(await auth.login("boss", "correct horse battery", "198.51.100.7"), {
    kind: "locked",
    retryAfterS: 5,
  });
  t.is(
    (await auth.login("boss", "correct horse battery", "203.0.113.9")).kind,
    "ok",
    "another address is not held",
  );
  clock.nowMs += 5_000;
  t.is((await auth.login("boss", "correct horse battery", "198.51.100.7")).kind, "ok");
});

test("a session ends 12 hours after login, however often it is used", async (t) => {
  const { auth, clock } = await openAuth(t);
  const start = clock.nowMs;
  const login = await auth.login("boss", "correct horse battery", "::1");
  if (login.kind !== "ok") return t.fail(login.kind);
  // A request every 25 minutes keeps it from idling out, up to a minute before its end.
  while (clock.nowMs + 25 * 60_000 < start + 12 * 3600_000) {
    clock.nowMs += 25 * 60_000;
    t.truthy(await auth.signedIn(login.sessionId));
  }
  clock.nowMs = start + 12 * 3600_000 - 60_000;
  t.truthy(await auth.signedIn(login.sessionId), "a minute before the end, still signed in");
  clock.nowMs = start + 12 * 3600_000;
  t.is(await auth.signedIn(login.sessionId), undefined);
  return undefined;
});
