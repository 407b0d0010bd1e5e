/**
 * GpioFeedback through a recorded command runner: the exact `gpioset` command lines for libgpiod
 * 1.x and 2.x, their timing on a hand-moved clock, and what happens when gpioset is missing,
 * failing or slow.
 */
import test, { type ExecutionContext } from "ava";
import type { Config } from "../../../../device/config.js";
import { silentLogger } from "../../../../device/logger.js";
import {
  type CommandRunner,
  GpioFeedback,
  type GpioFeedbackOptions,
  gpiosetArgs,
  libgpiodMajor,
} from "../../../../drivers/feedback/gpioFeedback.js";
import { ManualSchedule } from "../../../helpers/manualSchedule.js";
import { waitUntil } from "../../../helpers/scanRecorder.js";

const pins: Config["feedback"]["pins"] = { green: 17, red: 27, buzzer: 22, relay: 23, buttons: {} };
const v1 = "gpioset (libgpiod) v1.6.3\nCopyright (C) 2017-2018 Bartosz Golaszewski\n";
const v2 = "gpioset (libgpiod) v2.2.1\nCopyright (C) 2017-2023 Bartosz Golaszewski\n";

/** A runner that records each command line and answers `--version` with `version`. */
function recorder(version: string | Error) {
  const commands: string[] = [];
  let fail: Error | undefined;
  const run: CommandRunner = async (file, args) => {
    commands.push([file, ...args].join(" "));
    if (args[0] === "--version") {
      if (version instanceof Error) throw version;
      return version;
    }
    if (fail !== undefined) throw fail;
    return "";
  };
  return {
    run,
    commands,
    failWith: (error: Error | undefined) => {
      fail = error;
    },
  };
}

async function rig(
  t: ExecutionContext,
  run: CommandRunner,
  options: Partial<GpioFeedbackOptions> = {},
  warnings: string[] = [],
) {
  const clock = new ManualSchedule();
  const feedback = new GpioFeedback(
    {
      chip: "gpiochip0",
      pins,
      relayPulseMs: 500,
      relayActiveLow: false,
      reconnect: { initialMs: 5, factor: 1, maxMs: 5 },
      ...options,
    },
    { logger: { ...silentLogger, warn: (message) => warnings.push(message) }, run, schedule: clock.schedule },
  );
  t.teardown(() => feedback.stop());
  await feedback.start();
  return { feedback, clock };
}

/** Lets the worker's awaited commands finish. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

test("the version is read from gpioset --version; the syntax follows it", (t) => {
  t.is(libgpiodMajor(v1), 1);
  t.is(libgpiodMajor(v2), 2);
  t.is(libgpiodMajor("gpioset (libgpiod) v2.1\n"), 2);
  t.is(libgpiodMajor("something else"), undefined);
  const values = new Map<number, 0 | 1>([
    [17, 1],
    [22, 0],
  ]);
  t.deepEqual(gpiosetArgs(1, "gpiochip0", values), ["gpiochip0", "17=1", "22=0"]);
  t.deepEqual(gpiosetArgs(2, "gpiochip4", values), ["-t0", "-c", "gpiochip4", "17=1", "22=0"]);
});

test("libgpiod 1.x (Bookworm): all off at start, then ok's green and beep, the gate pulse, each on time", async (t) => {
  const { run, commands } = recorder(v1);
  const { feedback, clock } = await rig(t, run);
  t.is(feedback.state(), "ready");
  t.deepEqual(commands, ["gpioset --version", "gpioset gpiochip0 17=0 27=0 22=0 23=0"]);
  commands.length = 0;
  feedback.signal("ok");
  feedback.openGate();
  await settle();
  // The gate's pulse came while the ok's command ran: it follows, never overtakes.
  t.deepEqual(commands, ["gpioset gpiochip0 17=1 22=1", "gpioset gpiochip0 23=1"]);
  commands.length = 0;
  clock.advance(120);
  await settle();
  t.deepEqual(commands, ["gpioset gpiochip0 22=0"]);
  clock.advance(380);
  await settle();
  t.deepEqual(commands, ["gpioset gpiochip0 22=0", "gpioset gpiochip0 23=0"]);
  clock.advance(1000);
  await settle();
  t.deepEqual(commands.at(-1), "gpioset gpiochip0 17=0");
});

test("libgpiod 2.x (Trixie): -t0 so gpioset sets and exits, -c names the chip", async (t) => {
  const { run, commands } = recorder(v2);
  const { feedback } = await rig(t, run, { chip: "gpiochip4", relayActiveLow: true });
  feedback.signal("refused");
  await settle();
  t.deepEqual(commands, [
    "gpioset --version",
    // Off is high for an active-low relay.
    "gpioset -t0 -c gpiochip4 17=0 27=0 22=0 23=1",
    "gpioset -t0 -c gpiochip4 27=1 22=1",
  ]);
});

test("only fitted lines are set", async (t) => {
  const { run, commands } = recorder(v1);
  const { feedback } = await rig(t, run, { pins: { relay: 23, buttons: {} } });
  feedback.signal("ok");
  feedback.openGate();
  await settle();
  t.deepEqual(commands, ["gpioset --version", "gpioset gpiochip0 23=0", "gpioset gpiochip0 23=1"]);
});

test("gpioset missing: disconnected and retried; signals are dropped without a throw", async (t) => {
  const missing = Object.assign(new Error("spawn gpioset ENOENT"), { code: "ENOENT" });
  const { run, commands } = recorder(missing);
  const warnings: string[] = [];
  const { feedback } = await rig(t, run, {}, warnings);
  t.is(feedback.state(), "disconnected");
  t.notThrows(() => feedback.signal("ok"));
  await waitUntil(() => commands.length >= 3, "two retries");
  t.true(commands.every((c) => c === "gpioset --version"));
  t.deepEqual(warnings, ["gpioset is not available (apt-get install gpiod)"], "one warning per streak");
});

test("a failing gpioset (line busy) says disconnected, and the next change sets what is still wanted", async (t) => {
  const { run, commands, failWith } = recorder(v1);
  const { feedback, clock } = await rig(t, run);
  failWith(new Error("gpioset: error setting the GPIO line values: Device or resource busy"));
  feedback.signal("ok");
  await settle();
  t.is(feedback.state(), "disconnected");
  failWith(undefined);
  clock.advance(120);
  await settle();
  t.is(feedback.state(), "ready");
  // The green never set is still wanted; the buzzer's on and off cancelled out.
  t.deepEqual(commands.slice(-1), ["gpioset gpiochip0 17=1"]);
});

test("stop sets every line off, the relay included, and waits for it; changes in between merge", async (t) => {
  const { run, commands } = recorder(v1);
  const { feedback } = await rig(t, run);
  feedback.openGate();
  feedback.signal("attention");
  await feedback.stop();
  // The relay went on at once; the lights asked for while that ran were off again by stop.
  t.deepEqual(commands.slice(2), ["gpioset gpiochip0 23=1", "gpioset gpiochip0 23=0"]);
  t.is(feedback.state(), "disconnected");
});
