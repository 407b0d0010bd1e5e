/** What the screens rely on from the session: a clerk per redemption, 未核銷's source, the self-service idle timeout. */
import test from "ava";
import { KioskSession, type KioskSessionOptions } from "../../../device/kioskSession.js";
import { RecordingRedeemer } from "../../helpers/recordingRedeemer.js";

function session(options: Partial<KioskSessionOptions> = {}) {
  const redeemer = new RecordingRedeemer();
  const s = new KioskSession({ redeemer, confirm: "ask", resultTimeoutMs: 60_000, ...options });
  return { s, redeemer };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

test("counter mode: a code with nobody logged in is turned away and never looked up", async (t) => {
  let clerk: string | undefined;
  const { s, redeemer } = session({ requireClerk: true, clerkId: () => clerk });
  const turnedAway: string[] = [];
  s.on("turnedAway", (scanned) => turnedAway.push(scanned.code));
  s.submitCode({ code: "AB12-0001", source: "scan" });
  s.redeemFromOrder("AB12-0001");
  await settled();
  t.deepEqual(turnedAway, ["AB12-0001"]);
  t.deepEqual(redeemer.inspected, []);
  clerk = "c2";
  s.submitCode({ code: "AB12-0001", source: "scan" });
  await settled();
  s.confirm();
  await settled();
  t.deepEqual(redeemer.redeemed, [{ code: "AB12-0001", quantity: 1, source: "scan", clerkId: "c2" }]);
});

test("未核銷's Enter redeems with source order-detail, only from the scan screen", async (t) => {
  const { s, redeemer } = session({ clerkId: () => "c1" });
  s.redeemFromOrder("PARK-0001");
  await settled();
  t.is(s.screen().kind, "confirm");
  s.redeemFromOrder("OTHER-0001");
  t.deepEqual(redeemer.inspected, ["PARK-0001"]);
  s.confirm();
  await settled();
  t.deepEqual(redeemer.redeemed, [{ code: "PARK-0001", quantity: 1, source: "order-detail", clerkId: "c1" }]);
});

test("self-service: a ticket left on the confirm screen goes back to scanning; each key restarts the wait", async (t) => {
  const { s, redeemer } = session({ idleTimeoutMs: 120, maxUnits: 2 });
  s.submitCode({ code: "AB12-0001", source: "scan" });
  await settled();
  t.is(s.screen().kind, "confirm");
  for (let i = 0; i < 3; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 70));
    s.changeQuantity(1); // at the cap of 2 after the first: nothing changes on screen, the customer is still there
  }
  t.is(s.screen().kind, "confirm");
  t.like(s.screen(), { quantity: 2, maxQuantity: 2 });
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.is(s.screen().kind, "scan");
  t.deepEqual(redeemer.redeemed, []);
  s.stop();
});
