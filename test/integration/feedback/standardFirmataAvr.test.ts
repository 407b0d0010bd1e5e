/**
 * The proof for `feedback.kind: johnny-five`: the adapter, unchanged, drives the real
 * StandardFirmata firmware (the Uno build avrgirl-arduino publishes, test/fixtures/firmata/) running
 * in an emulated ATmega328P, over a socat pseudo-terminal with the real serialport binding. The
 * test reads the chip's port pins, as a multimeter on the board would, and presses its buttons.
 *
 * Timing is the emulated clock's (cycles at 16 MHz), never the wall clock's: the buzzer's tone is
 * measured from the timer's own edges, which the firmware alone decides, and the adapter's pattern
 * timers run on the emulated clock (its `schedule` seam), with the link's delay taken out (see
 * emulatedUno.ts), so each step's length on the pins is exact to the wire time of a message.
 */
import { join } from "node:path";
import test, { type ExecutionContext } from "ava";
import { silentLogger } from "../../../device/logger.js";
import type { FeedbackButton } from "../../../device/ports/feedback.js";
import { firmataLink } from "../../../drivers/feedback/firmataLink.js";
import { JohnnyFiveFeedback } from "../../../drivers/feedback/johnnyFiveFeedback.js";
import { systemBinding } from "../../../drivers/serialPort.js";
import { clockHz, EmulatedUno, type PinEdge } from "../../helpers/emulatedUno.js";
import { tempDir } from "../../helpers/fixtures.js";
import { startPtyPair } from "../../helpers/ptyPair.js";
import { waitUntil } from "../../helpers/scanRecorder.js";

/** One pin on each of the three ports for the buttons; the buzzer on timer 1's PWM pin. */
const GREEN = 7;
const RED = 8;
const BUZZER = 9;
const RELAY = 4;
const buttons = { confirm: 2, cancel: 3, plus: 12, minus: 14 } as const satisfies Record<
  FeedbackButton,
  number
>;
const relayPulseMs = 300;
/** The emulation may run slower than real time on a loaded machine. */
const slowMs = 60_000;

async function rig(t: ExecutionContext, beforeStart: (feedback: JohnnyFiveFeedback) => void = () => {}) {
  const dir = await tempDir("tk-avr-");
  const pair = await startPtyPair(join(dir.path, "board"), join(dir.path, "kiosk"));
  const uno = new EmulatedUno(pair.a, Object.values(buttons));
  await uno.start();
  const openLink = firmataLink({ path: pair.b, baudRate: 57_600, binding: uno.usbLink(systemBinding) });
  const feedback = new JohnnyFiveFeedback(
    {
      pins: { green: GREEN, red: RED, buzzer: BUZZER, relay: RELAY, buttons },
      relayPulseMs,
      relayActiveLow: false,
      where: pair.b,
      readyTimeoutMs: slowMs,
    },
    { logger: silentLogger, openLink, schedule: uno.schedule },
  );
  t.teardown(async () => {
    await feedback.stop();
    await uno.stop();
    await pair.stop();
    await dir.remove();
  });
  beforeStart(feedback);
  await feedback.start();
  await waitUntil(() => feedback.state() === "ready", "the Firmata handshake", slowMs);
  const pins = Object.values(buttons);
  await waitUntil(() => pins.every((pin) => uno.pulledUp(pin)), "the buttons' pull-ups on", slowMs);
  return { uno, feedback };
}

/** The level changes of the signal outputs since `since`, as `[pin, level]`, the buzzer's tone left out. */
function lightEdges(uno: EmulatedUno, since: number): [number, number][] {
  return uno.edges
    .filter((edge) => edge.cycle >= since && (edge.pin === GREEN || edge.pin === RED))
    .map((edge) => [edge.pin, edge.level]);
}

/**
 * The buzzer's beeps: runs of tone (edges less than 10 ms apart; the tone's period is 2 ms), each
 * with its length and its tone's mean period and high time in cycles. A single edge lands a few
 * cycles late when an interrupt or a multi-cycle instruction is running, hence the means.
 */
function beeps(edges: readonly PinEdge[]) {
  const gapCycles = clockHz / 100;
  const runs: PinEdge[][] = [];
  for (const edge of edges) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run !== undefined && last !== undefined && edge.cycle - last.cycle < gapCycles) run.push(edge);
    else runs.push([edge]);
  }
  return runs.map((run) => {
    const rises = run.filter((e) => e.level === 1).map((e) => e.cycle);
    // Whole periods only: the tone may start and is cut off in the middle of one.
    const highs = run.flatMap((e, index) => {
      const next = run[index + 1];
      return e.level === 1 && next !== undefined && index + 2 < run.length ? [next.cycle - e.cycle] : [];
    });
    const first = rises[0] ?? 0;
    const last = rises.at(-1) ?? 0;
    return {
      lengthMs: ms((run.at(-1)?.cycle ?? 0) - (run[0]?.cycle ?? 0)),
      periodCycles: Math.round((last - first) / (rises.length - 1)),
      highCycles: median(highs),
    };
  });
}

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
}

/**
 * How late the emulation may see one edge of the tone: the pins are read after each instruction, and
 * an AVR instruction or an interrupt's entry takes up to 4 cycles. Which instructions the timer's
 * edges fall in depends on what the firmware is doing then (reading a message or idling), so even
 * the median high time may be a cycle off; a duty of 127 or 129 would be 128 cycles off.
 */
const edgeLagCycles = 4;

/**
 * The buzzer's pin beeped as long as `lengthsMs` say, each at the board's PWM tone: timer 1 in
 * 8-bit phase-correct PWM with the /64 prescaler (the Arduino core's setup) has a period of
 * 2 × 255 × 64 cycles (490 Hz) and, at duty 128, is high for 2 × 128 × 64 of them.
 */
function assertBeeps(t: ExecutionContext, edges: readonly PinEdge[], lengthsMs: readonly number[]): void {
  const tone = beeps(edges);
  t.is(tone.length, lengthsMs.length, `${lengthsMs.length} beeps`);
  for (const [index, beep] of tone.entries()) {
    const configuredMs = lengthsMs[index] ?? 0;
    t.true(near(beep.lengthMs, configuredMs), `a beep of ${beep.lengthMs} ms (${configuredMs} configured)`);
    t.is(beep.periodCycles, 32_640, "490 Hz");
    t.true(
      Math.abs(beep.highCycles - 16_384) <= edgeLagCycles,
      `duty 128/255: high for ${beep.highCycles} cycles of the tone's period (16384 ± ${edgeLagCycles})`,
    );
  }
}

const ms = (cycles: number) => Math.round(cycles / (clockHz / 1000));

/**
 * A step's length on the board: what the pattern says, give or take the Firmata messages queued
 * ahead of its start or end on the wire (0.5 ms each at 57600 baud) and, for a beep, up to a tone
 * period at each end (seen from its first to its last edge, 2 ms a period).
 */
function near(actualMs: number | undefined, configuredMs: number): boolean {
  return actualMs !== undefined && Math.abs(actualMs - configuredMs) <= 8;
}

test.serial("the handshake: inputs with pull-ups for the buttons, every output off", async (t) => {
  const { uno } = await rig(t);
  for (const [name, pin] of Object.entries(buttons))
    t.true(uno.pulledUp(pin), `${name} (pin ${pin}) pulled up`);
  await waitUntil(() => [GREEN, RED, BUZZER, RELAY].every((pin) => uno.level(pin) === 0), "all off", slowMs);
  t.deepEqual(
    [GREEN, RED, BUZZER, RELAY].map((pin) => uno.level(pin)),
    [0, 0, 0, 0],
  );
});

test.serial("ok (online): green, one beep at the board's PWM tone, one relay pulse", async (t) => {
  const { uno, feedback } = await rig(t);
  const since = uno.cycles();
  feedback.signal("ok");
  feedback.openGate();
  await waitUntil(() => uno.edgesOf(GREEN, since).length === 2, "green on and off again", slowMs);
  await waitUntil(() => uno.edgesOf(RELAY, since).length === 2, "the relay closed and opened", slowMs);
  t.deepEqual(lightEdges(uno, since), [
    [GREEN, 1],
    [GREEN, 0],
  ]);
  assertBeeps(t, uno.edgesOf(BUZZER, since), [120]);
  const [closed, opened] = uno.edgesOf(RELAY, since);
  t.like(closed, { level: 1 });
  t.like(opened, { level: 0 });
  const pulseMs = ms((opened?.cycle ?? 0) - (closed?.cycle ?? 0));
  t.true(near(pulseMs, relayPulseMs), `a relay pulse of ${pulseMs} ms emulated (${relayPulseMs} configured)`);
});

test.serial("refused: red and two beeps, no relay", async (t) => {
  const { uno, feedback } = await rig(t);
  const since = uno.cycles();
  feedback.signal("refused");
  await waitUntil(() => uno.edgesOf(RED, since).length === 2, "red on and off again", slowMs);
  t.deepEqual(lightEdges(uno, since), [
    [RED, 1],
    [RED, 0],
  ]);
  assertBeeps(t, uno.edgesOf(BUZZER, since), [300, 300]);
  t.deepEqual(uno.edgesOf(RELAY, since), [], "the gate stays shut");
});

test.serial("ok offline (attention): amber (green and red together) and three beeps", async (t) => {
  const { uno, feedback } = await rig(t);
  const since = uno.cycles();
  feedback.signal("attention");
  await waitUntil(
    () => uno.edgesOf(GREEN, since).length === 2 && uno.edgesOf(RED, since).length === 2,
    "both LEDs on and off again",
    slowMs,
  );
  const [greenOn, greenOff] = uno.edgesOf(GREEN, since);
  const [redOn, redOff] = uno.edgesOf(RED, since);
  t.true(
    (greenOn?.cycle ?? 0) < (redOff?.cycle ?? 0) && (redOn?.cycle ?? 0) < (greenOff?.cycle ?? 0),
    "lit together",
  );
  assertBeeps(t, uno.edgesOf(BUZZER, since), [100, 100, 100]);
});

test.serial("the buttons on the board's pins are confirm, cancel, + and −", async (t) => {
  const { uno, feedback } = await rig(t);
  const pressed: FeedbackButton[] = [];
  feedback.on("button", (button) => pressed.push(button));
  for (const [name, pin] of Object.entries(buttons) as [FeedbackButton, number][]) {
    const before = pressed.length;
    uno.press(pin);
    await waitUntil(() => pressed.slice(before).includes(name), `${name} pressed`, slowMs);
    uno.release(pin);
  }
  t.pass();
});

/**
 * Found by this emulation: the adapter sets a button's pin to INPUT and then turns its pull-up on (a
 * second Firmata message). In between, the pin reads low, as StandardFirmata's reset left it an
 * output driven low, and when its port already reports (for an earlier button on it) the board
 * sends that low. The adapter counts only a fall from a high it was told of, so connecting presses
 * nothing.
 */
test.serial("connecting presses no button", async (t) => {
  const pressed: FeedbackButton[] = [];
  const { uno } = await rig(t, (feedback) => feedback.on("button", (button) => pressed.push(button)));
  const since = uno.cycles();
  // Half a second of emulated time: every report of the setup is through.
  await waitUntil(() => uno.cycles() - since > clockHz / 2, "half a second on the board", slowMs);
  t.deepEqual(pressed, []);
});
