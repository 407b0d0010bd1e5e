import { join } from "node:path";
import test from "ava";
import { ClerkLogin } from "../../device/clerkLogin.js";
import { LevelJournal } from "../../device/levelJournal.js";
import { tempDir } from "../helpers/fixtures.js";
import { storeHashedClerks, testPinKey } from "../helpers/hashedClerks.js";

const pinKey = testPinKey();

test("a PIN logs its clerk in offline; wrong PINs lock the keypad, longer each time, across a restart", async (t) => {
  const dir = await tempDir();
  t.teardown(dir.remove);
  const location = join(dir.path, "journal");
  const journal = new LevelJournal(location);
  await journal.open();
  let nowMs = Date.parse("2026-11-27T08:00:00Z");
  const login = new ClerkLogin(journal.clerkStore, () => nowMs, pinKey.read);
  t.deepEqual(await login.login("246810"), { ok: false, reason: "no_clerks" }, "before the first sync");
  await storeHashedClerks(journal.clerkStore, pinKey.key, [
    { id: "c1", name: "王小明", role: "supervisor", pin: "246810" },
    { id: "c2", name: "李美玲", role: "redeem", pin: "1357" },
  ]);
  t.like(await login.login("1357"), { ok: true, clerk: { id: "c2", name: "李美玲", role: "redeem" } });
  t.is(login.current()?.id, "c2");
  login.logout();
  t.is(login.current(), undefined);

  for (let left = 4; left >= 1; left -= 1)
    t.like(await login.login("0000"), { ok: false, reason: "wrong_pin", attemptsLeft: left });
  t.like(await login.login("0000"), { ok: false, reason: "locked", lockedUntilMs: nowMs + 30_000 });
  t.like(await login.login("246810"), { ok: false, reason: "locked" }, "even the right PIN waits");

  await journal.close();
  const reopened = new LevelJournal(location);
  await reopened.open();
  t.teardown(() => reopened.close());
  const afterRestart = new ClerkLogin(reopened.clerkStore, () => nowMs, pinKey.read);
  t.like(
    await afterRestart.login("246810"),
    { ok: false, reason: "locked" },
    "a restart does not lift the lock",
  );
  nowMs += 30_001;
  for (let i = 0; i < 5; i += 1) await afterRestart.login("9999");
  t.like(
    await afterRestart.login("246810"),
    { ok: false, reason: "locked", lockedUntilMs: nowMs + 60_000 },
    "the second lock is twice as long",
  );
  nowMs += 60_001;
  t.like(await afterRestart.login("246810"), { ok: true, clerk: { id: "c1", role: "supervisor" } });
  t.like(reopened.clerkStore.loginGuard(), { locks: 2 }, "a good PIN clears nothing (issue 12)");
});
