/**
 * The session's waiting scans (issue 11 item 1), with a redeemer whose answers the test releases:
 * a scan that comes while another is looked up or decided waits its turn in order; beyond
 * `maxWaitingScans` it is turned away `busy`; asking for a quantity, a waiting code becomes the
 * switch question as a scan then would.
 */
import test from "ava";
import { KioskSession, maxWaitingScans } from "../../device/kioskSession.js";
import type { DecisionResult, Inspection, RedeemRequest } from "../../device/redemptionService.js";
import { RedeemFlow } from "../../ui/redeemFlow.js";
import { makeTicket, okDecision } from "../helpers/fixtures.js";
import { waitUntil } from "../helpers/scanRecorder.js";

/** Answers each inspection only when the test says so. */
class HeldRedeemer {
  readonly inspected: string[] = [];
  readonly redeemed: RedeemRequest[] = [];
  private held: (() => void)[] = [];

  async inspect(code: string): Promise<Inspection> {
    this.inspected.push(code);
    await new Promise<void>((resolve) => this.held.push(resolve));
    return { code, outcome: "ok", ticket: makeTicket({ code }), remaining: 5 };
  }

  async redeem(request: RedeemRequest): Promise<DecisionResult> {
    this.redeemed.push(request);
    return okDecision(request);
  }

  /** Lets the oldest held inspection answer. */
  release(): void {
    this.held.shift()?.();
  }
}

const scan = (code: string) => ({ code, source: "scan" as const });

test("auto: scans during a lookup wait in order and are each decided; one beyond the bound is turned away busy", async (t) => {
  const redeemer = new HeldRedeemer();
  const session = new KioskSession({ redeemer, confirm: "auto", resultTimeoutMs: 60_000 });
  const busy: string[] = [];
  session.on("busy", (scanned) => busy.push(scanned.code));
  const codes = Array.from({ length: maxWaitingScans + 2 }, (_, i) => `WAIT-000${i}`);
  for (const code of codes) session.submitCode(scan(code));
  t.is(session.waitingScans(), maxWaitingScans);
  t.deepEqual(busy, [codes.at(-1)], "the one beyond the bound is said, not dropped");
  for (let i = 0; i <= maxWaitingScans; i += 1) {
    await waitUntil(() => redeemer.inspected.length === i + 1, `lookup ${i + 1}`);
    redeemer.release();
  }
  await waitUntil(() => redeemer.redeemed.length === maxWaitingScans + 1, "every waiting scan decided");
  t.deepEqual(
    redeemer.redeemed.map((r) => r.code),
    codes.slice(0, -1),
  );
  t.is(session.waitingScans(), 0);
});

test("ask: a code scanned during the lookup becomes the switch question once the ticket is up", async (t) => {
  const redeemer = new HeldRedeemer();
  const session = new KioskSession({ redeemer, confirm: "ask", resultTimeoutMs: 60_000 });
  session.submitCode(scan("FIRST-0001"));
  session.submitCode(scan("NEXT-0002"));
  session.submitCode(scan("LAST-0003"));
  t.is(session.waitingScans(), 2);
  redeemer.release();
  await waitUntil(() => session.screen().kind === "switch", "the switch question");
  const screen = session.screen();
  t.like(screen, { kind: "switch", next: { code: "NEXT-0002" } });
  t.is(session.waitingScans(), 1, "the third waits for the question's answer");
  session.cancel();
  // No: back to the first ticket, and the third code asks in turn.
  t.like(session.screen(), { kind: "switch", next: { code: "LAST-0003" } });
  t.is(session.waitingScans(), 0);
});

test("keys typed while a code is decided reach the scanner; a person's stray ones are cleared when the answer comes", async (t) => {
  const redeemer = new HeldRedeemer();
  const session = new KioskSession({ redeemer, confirm: "auto", resultTimeoutMs: 60_000 });
  const fed: string[] = [];
  let cleared = 0;
  let nowMs = 0;
  const keyInput = { feedKey: (ch: string) => fed.push(ch), clear: () => (cleared += 1) };
  const flow = new RedeemFlow(session, keyInput, () => nowMs);
  session.on("change", (screen) => flow.sessionChanged(screen));

  session.submitCode(scan("FIRST-0001"));
  flow.key({ kind: "char", ch: "A" }, 10);
  flow.key({ kind: "char", ch: "B" }, 200);
  t.deepEqual(fed, ["A", "B"], "not dropped: the keyboard scanner tells a scan from a person");
  nowMs = 1000;
  redeemer.release();
  await waitUntil(() => redeemer.redeemed.length === 1, "the first decided");
  t.is(cleared, 1, "a person's keys, long done, do not prefix the next code");

  session.submitCode(scan("NEXT-0002"));
  flow.key({ kind: "char", ch: "C" }, 2000);
  nowMs = 2010;
  redeemer.release();
  await waitUntil(() => redeemer.redeemed.length === 2, "the second decided");
  t.is(cleared, 1, "a scanner's code still arriving is kept");
});
