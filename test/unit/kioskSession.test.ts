/**
 * While a quantity is being confirmed, the same code adds one and another code asks first
 * (docs/domain.md §2 step 3): Enter switches to the new ticket, Esc goes back to the one being confirmed.
 */
import test from "ava";
import { KioskSession, type SessionScreen } from "../../device/kioskSession.js";
import { RecordingRedeemer } from "../helpers/recordingRedeemer.js";
import { waitUntil } from "../helpers/scanRecorder.js";

async function confirming(code: string) {
  const redeemer = new RecordingRedeemer();
  const session = new KioskSession({ redeemer, confirm: "ask", resultTimeoutMs: 60_000 });
  session.submitCode({ code, source: "scan" });
  await waitUntil(() => session.screen().kind === "confirm", "the confirm screen");
  return { redeemer, session };
}

function shown(session: KioskSession): string {
  const screen: SessionScreen = session.screen();
  switch (screen.kind) {
    case "confirm":
      return `confirm ${screen.code} ×${screen.quantity}`;
    case "switch":
      return `switch ${screen.confirming.code} ×${screen.confirming.quantity} → ${screen.next.code}`;
    case "working":
      return `working ${screen.code}`;
    case "result":
      return `result ${screen.decision.code}`;
    case "scan":
      return "scan";
  }
}

test("the same code adds one; another code asks first and nothing changes until answered", async (t) => {
  const { redeemer, session } = await confirming("TK-A");
  session.submitCode({ code: "TK-A", source: "scan" });
  t.is(shown(session), "confirm TK-A ×2");
  session.submitCode({ code: "TK-B", source: "scan" });
  t.is(shown(session), "switch TK-A ×2 → TK-B");
  session.changeQuantity(1);
  session.setQuantity(5);
  t.is(shown(session), "switch TK-A ×2 → TK-B", "quantity keys do nothing while asking");
  t.deepEqual(redeemer.inspected, ["TK-A"], "the new code is not even looked up yet");
});

test("Esc (no): back to the ticket being confirmed, its quantity kept, and it can still be redeemed", async (t) => {
  const { redeemer, session } = await confirming("TK-A");
  session.changeQuantity(2);
  session.submitCode({ code: "TK-B", source: "scan" });
  session.cancel();
  t.is(shown(session), "confirm TK-A ×3");
  session.confirm();
  await waitUntil(() => session.screen().kind === "result", "the result");
  t.deepEqual(redeemer.redeemed, [{ code: "TK-A", quantity: 3, source: "scan", clerkId: undefined }]);
});

test("Enter (yes): the new code is looked up and confirmed instead; nothing of the old one is redeemed", async (t) => {
  const { redeemer, session } = await confirming("TK-A");
  session.submitCode({ code: "TK-B", source: "manual" });
  session.confirm();
  await waitUntil(() => session.screen().kind === "confirm", "the new ticket's confirm screen");
  t.is(shown(session), "confirm TK-B ×1");
  t.like(session.screen(), { source: "manual" }, "the new code keeps how it came");
  t.deepEqual(redeemer.inspected, ["TK-A", "TK-B"]);
  t.deepEqual(redeemer.redeemed, []);
});

test("while asking: the confirmed ticket's code answers no and adds one; a third code replaces the question's", async (t) => {
  const { session } = await confirming("TK-A");
  session.submitCode({ code: "TK-B", source: "scan" });
  session.submitCode({ code: "TK-C", source: "scan" });
  t.is(shown(session), "switch TK-A ×1 → TK-C");
  session.submitCode({ code: "TK-A", source: "scan" });
  t.is(shown(session), "confirm TK-A ×2");
});

test("halted (a damaged journal): a code is turned away with `halted`, nothing is looked up or redeemed", async (t) => {
  const redeemer = new RecordingRedeemer();
  let halted = true;
  const session = new KioskSession({
    redeemer,
    confirm: "auto",
    resultTimeoutMs: 60_000,
    halted: () => halted,
  });
  const turnedAway: string[] = [];
  session.on("halted", (scanned) => turnedAway.push(scanned.code));
  session.submitCode({ code: "QK7R-2M9X-TB4A", source: "scan" });
  t.deepEqual(turnedAway, ["QK7R-2M9X-TB4A"]);
  t.is(shown(session), "scan");
  t.deepEqual(redeemer.inspected, []);
  t.deepEqual(redeemer.redeemed, []);
  halted = false;
  session.submitCode({ code: "QK7R-2M9X-TB4A", source: "scan" });
  await waitUntil(() => redeemer.redeemed.length === 1, "the redemption once no longer halted");
  t.pass();
});
