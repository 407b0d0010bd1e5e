/**
 * Typed quantities on 確認核銷數量 (issue 11 item 2): what the clerk sees is what Enter redeems.
 * Digits in quick succession make one number, a digit after a pause starts a new one (the pause
 * decided by the keys' own times, not the wall clock), and a number above the limit is refused with
 * a message, never turned into the limit.
 */
import test from "ava";
import { KioskSession } from "../../../device/kioskSession.js";
import type { Key } from "../../../ui/keys.js";
import { presentScreen } from "../../../ui/presenters.js";
import { quantityPauseMs, RedeemFlow } from "../../../ui/redeemFlow.js";
import { RecordingRedeemer } from "../../helpers/recordingRedeemer.js";
import { allText } from "./viewLines.js";

const settled = () => new Promise((resolve) => setImmediate(resolve));
const now = new Date("2026-11-27T06:05:09Z");

/** A ticket with `remaining` units on the confirm screen, and keys typed at chosen times. */
async function confirming(remaining: number) {
  const redeemer = new RecordingRedeemer(remaining);
  const session = new KioskSession({ redeemer, confirm: "ask", resultTimeoutMs: 60_000 });
  const flow = new RedeemFlow(session, undefined);
  session.submitCode({ code: "QTY-0001", source: "scan" });
  await settled();
  const key = (key: Key, atMs: number) => flow.key(key, atMs);
  return {
    session,
    redeemer,
    digit: (ch: string, atMs: number) => key({ kind: "char", ch }, atMs),
    enter: () => key({ kind: "enter" }, 0),
    text: () =>
      allText(presentScreen(session.screen(), { locale: "zh-TW", timeZone: "Asia/Taipei", now, typed: "" })),
    quantity: () => {
      const screen = session.screen();
      return screen.kind === "confirm" ? screen.quantity : undefined;
    },
  };
}

test("9, 0, 2 typed quickly on a 5-unit ticket: 9 is refused and said, 02 is 2, and Enter redeems 2", async (t) => {
  const k = await confirming(5);
  k.digit("9", 1000);
  t.is(k.quantity(), 1, "9 never becomes 5");
  t.regex(k.text(), /✖ 9 超過可核銷上限 5，數量為 1/);
  k.digit("0", 1100);
  k.digit("2", 1200);
  t.is(k.quantity(), 2);
  t.regex(k.text(), /核銷數量 {2}2/);
  t.false(k.text().includes("超過"), "the refusal is cleared by the next quantity");
  k.enter();
  await settled();
  t.deepEqual(
    k.redeemer.redeemed.map((r) => r.quantity),
    [2],
  );
});

test("1 then 2 quickly on a 3-unit ticket is 12: refused, the quantity is 1; after a pause 2 replaces it", async (t) => {
  const k = await confirming(3);
  k.digit("1", 5000);
  k.digit("2", 5000 + quantityPauseMs - 1);
  t.is(k.quantity(), 1);
  t.regex(k.text(), /✖ 12 超過可核銷上限 3，數量為 1/);
  k.digit("3", 9000);
  t.is(k.quantity(), 3);
  k.digit("2", 9000 + quantityPauseMs + 1);
  t.is(k.quantity(), 2, "a digit after the pause starts a new number");
  t.regex(k.text(), /核銷數量 {2}2/);
});

test("+ at the limit is refused with the same message, not silently kept", async (t) => {
  const k = await confirming(2);
  k.session.changeQuantity(1);
  t.is(k.session.changeQuantity(1), "over_max");
  t.is(k.quantity(), 2);
  t.regex(k.text(), /✖ 3 超過可核銷上限 2，數量為 2/);
});

test("the range follows the kiosk off- and online while the ticket is up; a quantity above it is brought down and said", async (t) => {
  const k = await confirming(5);
  k.digit("3", 1000);
  k.session.reviseLimit({ maxUnits: 2, offlineLimit: true });
  t.is(k.quantity(), 2, "Enter redeems what the offline limit accepts");
  t.regex(k.text(), /離線中，可核銷 1 ～ 2/);
  t.regex(k.text(), /✖ 3 超過可核銷上限 2，數量為 2/);
  k.session.reviseLimit({ maxUnits: 5 });
  t.regex(k.text(), /可核銷 1 ～ 5/);
  t.false(k.text().includes("離線中"));
  t.is(k.quantity(), 2);
});
