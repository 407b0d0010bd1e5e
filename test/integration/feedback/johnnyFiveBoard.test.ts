/**
 * The whole johnny-five path a kiosk uses, minus the USB: the real serialport 13 binding, firmata-io
 * and johnny-five, over a socat pseudo-terminal to a software StandardFirmata board. The board's
 * end records the Firmata messages that arrive, so the test sees what a real board would do.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test, { type ExecutionContext } from "ava";
import { silentLogger } from "../../../device/logger.js";
import type { FeedbackButton, FeedbackState } from "../../../device/ports/feedback.js";
import { firmataLink } from "../../../drivers/feedback/firmataLink.js";
import { JohnnyFiveFeedback } from "../../../drivers/feedback/johnnyFiveFeedback.js";
import { FakeFirmataBoard } from "../../helpers/fakeFirmataBoard.js";
import { type PtyPair, startPtyPair } from "../../helpers/ptyPair.js";
import { waitUntil } from "../../helpers/scanRecorder.js";

const GREEN = 7;
const RED = 8;
const BUZZER = 9;
const RELAY = 4;
const CONFIRM = 2;

async function rig(t: ExecutionContext) {
  const dir = await mkdtemp(join(tmpdir(), "kiosk-board-"));
  const boardEnd = join(dir, "board");
  const kioskEnd = join(dir, "kiosk");
  let pair: PtyPair | undefined;
  let board: FakeFirmataBoard | undefined;
  const feedback = new JohnnyFiveFeedback(
    {
      pins: { green: GREEN, red: RED, buzzer: BUZZER, relay: RELAY, buttons: { confirm: CONFIRM } },
      relayPulseMs: 200,
      relayActiveLow: false,
      where: kioskEnd,
      reconnect: { initialMs: 50, factor: 1.5, maxMs: 200 },
    },
    { logger: silentLogger, openLink: firmataLink({ path: kioskEnd, baudRate: 57_600 }) },
  );
  const states: FeedbackState[] = [];
  feedback.on("state", (state) => states.push(state));
  const plug = async () => {
    pair = await startPtyPair(boardEnd, kioskEnd);
    board = new FakeFirmataBoard(boardEnd);
    await board.start();
    return board;
  };
  const unplug = async () => {
    await board?.stop();
    await pair?.stop();
  };
  t.teardown(async () => {
    await feedback.stop();
    await unplug();
    await rm(dir, { recursive: true, force: true });
  });
  return { feedback, states, plug, unplug };
}

test("over a real serial link: handshake, pin modes, all off, then ok's lights, beep and gate pulse", async (t) => {
  const { feedback, plug } = await rig(t);
  const board = await plug();
  await feedback.start();
  await waitUntil(() => feedback.state() === "ready", "the board ready", 10_000);
  await waitUntil(() => board.history(RELAY).length > 0, "the setup's messages through the link");
  t.is(board.modes.get(GREEN), 1);
  t.is(board.modes.get(BUZZER), 3, "PWM");
  t.is(board.modes.get(RELAY), 1);
  t.is(board.modes.get(CONFIRM), 0, "input");
  t.deepEqual([board.level(GREEN), board.level(RED), board.level(BUZZER), board.level(RELAY)], [0, 0, 0, 0]);

  feedback.signal("ok");
  feedback.openGate();
  await waitUntil(
    () => board.history(GREEN).at(-1) === 1 && board.history(RELAY).at(-1) === 1,
    "ok's writes",
  );
  t.is(board.level(BUZZER), 128);
  await waitUntil(() => board.level(RELAY) === 0, "the relay opened again");
  const relay = board.writes.filter((w) => w.pin === RELAY).slice(-2);
  const pulseMs = (relay[1]?.atMs ?? 0) - (relay[0]?.atMs ?? 0);
  // The pulse's length is the kiosk's timer (unit-tested with a fake clock); seen at the board, a
  // write delayed on a loaded machine shortens or stretches it, so only its shape is checked here.
  t.true(pulseMs > 0 && pulseMs < 1000, `the pulse lasted ${pulseMs} ms`);
  t.deepEqual(board.history(BUZZER).slice(-2), [128, 0]);
});

test("a button on the board is a button event; unplug and replug come back with everything off", async (t) => {
  const { feedback, states, plug, unplug } = await rig(t);
  let board = await plug();
  await feedback.start();
  await waitUntil(() => feedback.state() === "ready", "the board ready", 10_000);
  const pressed: FeedbackButton[] = [];
  feedback.on("button", (button) => pressed.push(button));
  // A press counts from a released level the kiosk saw: the board reports it once asked to.
  await waitUntil(() => board.reports(CONFIRM), "the button's port reported");
  board.setInput(CONFIRM, 0);
  await waitUntil(() => pressed.length === 1, "the press");
  board.setInput(CONFIRM, 1);
  t.deepEqual(pressed, ["confirm"]);

  feedback.openGate();
  await unplug();
  await waitUntil(() => feedback.state() === "disconnected", "the unplug seen", 5000);
  t.notThrows(() => feedback.signal("refused"));
  board = await plug();
  await waitUntil(() => feedback.state() === "ready", "the board back", 10_000);
  await waitUntil(() => board.history(RELAY).length > 0, "the outputs switched off");
  t.is(board.level(RELAY), 0, "a gate left open by the unplug is closed on replug");
  t.deepEqual(states, ["ready", "disconnected", "ready"]);
});
