/**
 * JohnnyFiveFeedback driven through a stub IO (an Uno-shaped Firmata stand-in): the pin modes and
 * writes johnny-five makes, pattern timing on a hand-moved clock, buttons through to a real kiosk
 * session, and a board that is absent, silent or unplugged.
 */
import test, { type ExecutionContext } from "ava";
import type { Config } from "../../../../device/config.js";
import { pressButton } from "../../../../device/feedbackButtons.js";
import { KioskSession } from "../../../../device/kioskSession.js";
import { type LogFields, silentLogger } from "../../../../device/logger.js";
import type { FeedbackButton, FeedbackState } from "../../../../device/ports/feedback.js";
import type { BoardLink } from "../../../../drivers/feedback/firmataLink.js";
import {
  JohnnyFiveFeedback,
  type JohnnyFiveFeedbackOptions,
} from "../../../../drivers/feedback/johnnyFiveFeedback.js";
import { ManualSchedule } from "../../../helpers/manualSchedule.js";
import { RecordingRedeemer } from "../../../helpers/recordingRedeemer.js";
import { sleep, waitUntil } from "../../../helpers/scanRecorder.js";
import { StubBoardIo } from "../../../helpers/stubBoardIo.js";

const GREEN = 7;
const RED = 8;
const BUZZER = 9; // PWM on an Uno
const RELAY = 4;
const CONFIRM = 2;
const PLUS = 12;
const MINUS = 13;

const pins: Config["feedback"]["pins"] = {
  green: GREEN,
  red: RED,
  buzzer: BUZZER,
  relay: RELAY,
  buttons: { confirm: CONFIRM, plus: PLUS, minus: MINUS },
};

interface RigOptions extends Partial<JohnnyFiveFeedbackOptions> {
  /** Links handed out in turn; a rejection is a port that does not open. */
  readonly links?: (StubBoardIo | Error)[];
}

/** A started feedback on stub boards, stopped after the test. */
async function rig(t: ExecutionContext, { links, ...options }: RigOptions = {}) {
  const boards = links ?? [new StubBoardIo()];
  const clock = new ManualSchedule();
  const warnings: string[] = [];
  const opened: StubBoardIo[] = [];
  const feedback = new JohnnyFiveFeedback(
    {
      pins,
      relayPulseMs: 500,
      relayActiveLow: false,
      where: "/dev/serial/by-id/usb-Arduino_Uno-if00",
      reconnect: { initialMs: 5, factor: 1, maxMs: 5 },
      ...options,
    },
    {
      logger: { ...silentLogger, warn: (message: string, _fields?: LogFields) => warnings.push(message) },
      schedule: clock.schedule,
      openLink: async (): Promise<BoardLink> => {
        const next = boards.shift() ?? new Error("ENOENT: no such file or directory");
        if (next instanceof Error) throw next;
        opened.push(next);
        return next.link();
      },
    },
  );
  const states: FeedbackState[] = [];
  feedback.on("state", (state) => states.push(state));
  t.teardown(() => feedback.stop());
  await feedback.start();
  /** Finishes the handshake of the board opened last and waits for the outputs. */
  const handshake = async () => {
    const waiting = () => opened.find((board) => !board.isReady && !board.closed);
    await waitUntil(() => waiting() !== undefined, "a board's port opened");
    waiting()?.ready();
    await waitUntil(() => feedback.state() === "ready", "feedback ready");
  };
  return { feedback, clock, states, warnings, opened, handshake };
}

test("the board is built with its REPL, debug output and SIGINT handler off, and starts all off", async (t) => {
  const sigintBefore = process.listenerCount("SIGINT");
  const logged: unknown[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => logged.push(args);
  try {
    const { opened, handshake } = await rig(t);
    await handshake();
    const io = opened[0];
    t.deepEqual(
      io?.calls.filter((c) => c.call === "pinMode"),
      [
        { call: "pinMode", pin: GREEN, mode: io?.MODES.OUTPUT },
        { call: "pinMode", pin: RED, mode: io?.MODES.OUTPUT },
        { call: "pinMode", pin: BUZZER, mode: io?.MODES.PWM },
        { call: "pinMode", pin: RELAY, mode: io?.MODES.OUTPUT },
        { call: "pinMode", pin: CONFIRM, mode: io?.MODES.INPUT },
        { call: "pinMode", pin: PLUS, mode: io?.MODES.INPUT },
        { call: "pinMode", pin: MINUS, mode: io?.MODES.INPUT },
      ],
    );
    // Buttons get the pull-up (a HIGH write on an input), then every output is switched off.
    t.deepEqual(io?.writes(), [
      [CONFIRM, 1],
      [PLUS, 1],
      [MINUS, 1],
      [GREEN, 0],
      [RED, 0],
      [BUZZER, 0],
      [RELAY, 0],
    ]);
    t.deepEqual(
      io?.calls.filter((c) => c.call === "digitalRead").map((c) => c.pin),
      [CONFIRM, PLUS, MINUS],
    );
  } finally {
    console.log = log;
  }
  t.is(process.listenerCount("SIGINT"), sigintBefore, "no SIGINT handler of johnny-five's");
  t.deepEqual(logged, [], "nothing printed onto the UI's terminal");
});

test("ok: green for 1.5 s and one 120 ms beep at 50 % PWM; the gate relay closes for relayPulseMs", async (t) => {
  const { feedback, clock, opened, handshake } = await rig(t);
  await handshake();
  const io = opened[0] as StubBoardIo;
  const before = io.writes().length;
  feedback.signal("ok");
  feedback.openGate();
  t.deepEqual(io.writes().slice(before), [
    [RED, 0],
    [GREEN, 1],
    [BUZZER, 128],
    [RELAY, 1],
  ]);
  const at = (ms: number) => {
    const seen = io.writes().length;
    clock.advance(ms - clock.nowMs);
    return io.writes().slice(seen);
  };
  t.deepEqual(at(119), []);
  t.deepEqual(at(120), [[BUZZER, 0]]);
  t.deepEqual(at(499), []);
  t.deepEqual(at(500), [[RELAY, 0]]);
  t.deepEqual(at(1499), []);
  t.deepEqual(at(1500), [[GREEN, 0]]);
  t.is(clock.pending(), 0);
});

test("refused is red with two long beeps, attention is amber (both LEDs) with three short ones", async (t) => {
  const { feedback, clock, opened, handshake } = await rig(t);
  await handshake();
  const io = opened[0] as StubBoardIo;
  /** The pattern's writes, each with the time it happened. */
  const play = (run: () => void) => {
    const start = clock.nowMs;
    const seen = io.writes().length;
    const timeline: [number, number, number][] = [];
    run();
    for (const [pin, value] of io.writes().slice(seen)) timeline.push([0, pin, value]);
    for (let ms = 1; ms <= 2500; ms += 1) {
      const before = io.writes().length;
      clock.advance(1);
      for (const [pin, value] of io.writes().slice(before)) timeline.push([clock.nowMs - start, pin, value]);
    }
    return timeline;
  };
  t.deepEqual(
    play(() => feedback.signal("refused")),
    [
      [0, GREEN, 0],
      [0, RED, 1],
      [0, BUZZER, 128],
      [300, BUZZER, 0],
      [450, BUZZER, 128],
      [750, BUZZER, 0],
      [2000, RED, 0],
    ],
  );
  t.deepEqual(
    play(() => feedback.signal("attention")),
    [
      [0, GREEN, 1],
      [0, RED, 1],
      [0, BUZZER, 128],
      [100, BUZZER, 0],
      [200, BUZZER, 128],
      [300, BUZZER, 0],
      [400, BUZZER, 128],
      [500, BUZZER, 0],
      [2000, GREEN, 0],
      [2000, RED, 0],
    ],
  );
});

test("a new decision cuts the last one's lights short but never the gate pulse; a second pulse extends it", async (t) => {
  const { feedback, clock, opened, handshake } = await rig(t);
  await handshake();
  const io = opened[0] as StubBoardIo;
  feedback.signal("ok");
  feedback.openGate();
  clock.advance(300);
  const seen = io.writes().length;
  feedback.signal("refused");
  t.deepEqual(io.writes().slice(seen), [
    [GREEN, 0],
    [RED, 1],
    [BUZZER, 128],
  ]);
  const relayWrites = () => io.writes().filter(([pin]) => pin === RELAY).length;
  const relayBefore = relayWrites();
  clock.advance(199);
  t.is(relayWrites(), relayBefore, "the gate is still open at 499 ms");
  clock.advance(1);
  t.deepEqual(io.writes().at(-1), [RELAY, 0], "and closes at 500 ms as planned");
  clock.advance(100);
  t.deepEqual(
    io.writes().at(-1),
    [BUZZER, 0],
    "the refusal's first beep ends; the ok's green never came back",
  );
  feedback.openGate();
  clock.advance(400);
  feedback.openGate();
  const extendedAt = relayWrites();
  clock.advance(499);
  t.is(relayWrites(), extendedAt, "a second pulse 400 ms in keeps the gate open 500 ms from then");
  clock.advance(1);
  t.deepEqual(io.writes().at(-1), [RELAY, 0]);
});

test("an active-low relay module gets inverted writes", async (t) => {
  const { feedback, clock, opened, handshake } = await rig(t, { relayActiveLow: true });
  await handshake();
  const io = opened[0] as StubBoardIo;
  t.deepEqual(io.writes().at(-1), [RELAY, 1], "off is high");
  feedback.openGate();
  t.deepEqual(io.writes().at(-1), [RELAY, 0]);
  clock.advance(500);
  t.deepEqual(io.writes().at(-1), [RELAY, 1]);
});

test("physical buttons (to ground, pulled up) act like their keys on a real session", async (t) => {
  const { feedback, opened, handshake } = await rig(t);
  await handshake();
  const io = opened[0] as StubBoardIo;
  const redeemer = new RecordingRedeemer();
  const session = new KioskSession({ redeemer, confirm: "ask", resultTimeoutMs: 60_000 });
  t.teardown(() => session.stop());
  const pressed: FeedbackButton[] = [];
  feedback.on("button", (button) => {
    pressed.push(button);
    pressButton(session, button);
  });
  session.submitCode({ code: "BTN-0001", source: "scan" });
  await waitUntil(() => session.screen().kind === "confirm", "the confirm screen");
  const press = async (pin: number) => {
    const count = pressed.length;
    io.setInput(pin, 0);
    await waitUntil(() => pressed.length > count, `a press on pin ${pin}`);
    io.setInput(pin, 1);
    await sleep(15);
  };
  await press(PLUS);
  await press(PLUS);
  await press(MINUS);
  t.like(session.screen(), { kind: "confirm", quantity: 2 });
  await press(CONFIRM);
  await waitUntil(() => session.screen().kind === "result", "the result");
  t.deepEqual(pressed, ["plus", "plus", "minus", "confirm"]);
  t.deepEqual(redeemer.redeemed, [{ code: "BTN-0001", quantity: 2, source: "scan", clerkId: undefined }]);
});

test("absent board: start resolves, signals are dropped quietly, it is retried and used once it answers", async (t) => {
  const late = new StubBoardIo();
  const missing = Object.assign(new Error("ENOENT: no such file or directory"), { code: "ENOENT" });
  const { feedback, states, warnings, opened, handshake } = await rig(t, {
    links: [missing, missing, missing, late],
  });
  t.is(feedback.state(), "disconnected");
  t.notThrows(() => {
    feedback.signal("ok");
    feedback.openGate();
  });
  await handshake();
  t.is(opened[0], late);
  t.deepEqual(states, ["ready"]);
  t.is(warnings.filter((w) => w.includes("unavailable")).length, 1, "one warning per streak, not per retry");
});

test("unplugged: disconnected, the link let go, and a replugged board starts with every output off", async (t) => {
  const first = new StubBoardIo();
  const second = new StubBoardIo();
  const { feedback, opened, handshake, states } = await rig(t, { links: [first, second] });
  await handshake();
  feedback.signal("ok");
  first.unplug();
  t.is(feedback.state(), "disconnected");
  t.true(first.closed);
  await handshake();
  t.is(opened[1], second);
  t.deepEqual(second.writes().slice(-4), [
    [GREEN, 0],
    [RED, 0],
    [BUZZER, 0],
    [RELAY, 0],
  ]);
  t.deepEqual(states, ["ready", "disconnected", "ready"]);
});

test("a port that never finishes the Firmata handshake is closed after readyTimeoutMs and tried again", async (t) => {
  const silent = new StubBoardIo();
  const { feedback, opened, handshake } = await rig(t, {
    links: [silent, new StubBoardIo()],
    readyTimeoutMs: 30,
  });
  await waitUntil(() => silent.closed, "the silent board let go", 1000);
  t.is(feedback.state(), "disconnected");
  await handshake();
  t.is(opened.length, 2);
});

test("a configured pin the board lacks is left out and logged; the other outputs work", async (t) => {
  const { feedback, opened, handshake, warnings } = await rig(t, { pins: { ...pins, green: 40 } });
  await handshake();
  const io = opened[0] as StubBoardIo;
  t.true(warnings.some((w) => w.includes("pin 40 (green)")));
  feedback.signal("refused");
  t.deepEqual(io.writes().at(-2), [RED, 1]);
  t.false(io.writes().some(([pin]) => pin === 40));
});

test("stop opens the relay and turns everything off before letting the board go; idempotent", async (t) => {
  const { feedback, opened, handshake } = await rig(t);
  await handshake();
  const io = opened[0] as StubBoardIo;
  feedback.signal("attention");
  feedback.openGate();
  await feedback.stop();
  await feedback.stop();
  t.deepEqual(io.writes().slice(-4), [
    [GREEN, 0],
    [RED, 0],
    [BUZZER, 0],
    [RELAY, 0],
  ]);
  t.true(io.closed);
  t.is(feedback.state(), "disconnected");
});
