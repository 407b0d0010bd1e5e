/**
 * The void PIN's wrong-guess lockout is the database's, not a process's (docs/security.md): wrong
 * supervisor PINs sent alternately to two central processes on one PostgreSQL database lock that
 * device out for that clerk after the policy's count (device/pinLockout.ts), as through one
 * process; a central started again after a kill still refuses while the lock runs. Real child
 * processes, real HTTP on loopback, a real server.
 */
import test from "ava";
import { maxPinFailures, type PinGuard } from "../../../device/pinLockout.js";
import type { VoidResult } from "../../../device/ports/wire.js";
import { makeRedemption } from "../../helpers/fixtures.js";
import { type Central, twoCentrals } from "../../helpers/pgCentrals.js";
import { usePgCluster } from "../../helpers/pgCluster.js";

const database = usePgCluster(test);
const supervisorPin = "246810"; // sup-a's, in the contract catalogue

test("wrong void PINs alternated between two centrals lock after the policy's count; a restarted central still refuses", async (t) => {
  const { tokens, centrals, start, upload, query } = await twoCentrals(t, database);
  const taken = makeRedemption({ ticketCode: "FIVE-5", deviceId: "kiosk-1", storeId: "store-a" });
  t.is((await upload(centrals[0] as Central, taken)).status, "accepted");
  // A clerk guessed at before: seven locks already, so the next lasts the longest the policy
  // gives (an hour), longer than any restart of a central on a busy machine takes.
  const guessedBefore: PinGuard = { failures: 0, lockedUntilMs: 0, locks: 7, lastMissMs: Date.now() };
  await query("INSERT INTO void_pin_guards (device_id, clerk_id, guard) VALUES ($1, $2, $3)", [
    "kiosk-1",
    "sup-a",
    guessedBefore,
  ]);
  const guess = async (central: Central, pin: string): Promise<VoidResult> => {
    const response = await fetch(`${central.url}/v1/redemptions/${taken.id}/void`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens["kiosk-1"]}`, "content-type": "application/json" },
      body: JSON.stringify({ reason: "客人改期", clerkId: "sup-a", pin, at: new Date().toISOString() }),
    });
    return (await response.json()) as VoidResult;
  };
  const reasons: (string | undefined)[] = [];
  for (let i = 0; i < maxPinFailures; i += 1)
    reasons.push((await guess(centrals[i % 2] as Central, `00000${i}`)).reason);
  reasons.push((await guess(centrals[maxPinFailures % 2] as Central, supervisorPin)).reason);
  t.deepEqual(reasons, [...Array(maxPinFailures).fill("wrong_pin"), "pin_locked"]);

  const [first] = centrals;
  await first?.process.kill("SIGKILL");
  const restarted = await start();
  t.is((await guess(restarted, supervisorPin)).reason, "pin_locked", "a restart forgets no lock");
  const [row] = await query<{ guard: PinGuard }>(
    "SELECT guard FROM void_pin_guards WHERE device_id = 'kiosk-1' AND clerk_id = 'sup-a'",
  );
  t.like(row?.guard, { failures: 0, locks: 8 });
  t.true((row?.guard.lockedUntilMs ?? 0) > Date.now(), "the lock still runs");
});
