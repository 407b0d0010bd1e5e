/** `doctor`'s feedback check: a real blink through the adapters, and failures turned into advice. */
import test from "ava";
import { type Config, parseConfig } from "../../../../device/config.js";
import { diagnoseFeedback } from "../../../../drivers/feedback/feedbackDiagnosis.js";
import type { CommandRunner } from "../../../../drivers/feedback/gpioFeedback.js";
import { StubBoardIo } from "../../../helpers/stubBoardIo.js";

function feedbackConfig(feedback: Record<string, unknown>): Config["feedback"] {
  return parseConfig({
    device: { id: "d1", storeId: "s1" },
    central: { url: "https://c", token: "t" },
    feedback,
  }).feedback;
}

test("gpio: every LED blinks and the buzzer ticks through gpioset, the relay is never switched on", async (t) => {
  const commands: string[] = [];
  const run: CommandRunner = async (_file, args) => {
    commands.push(args.join(" "));
    return "gpioset (libgpiod) v1.6.3\n";
  };
  const config = feedbackConfig({ kind: "gpio", pins: { green: 17, red: 27, buzzer: 22, relay: 23 } });
  const diagnosis = await diagnoseFeedback(config, { run });
  t.deepEqual(diagnosis, {
    verdict: "pass",
    detail: "gpiochip0 answered: green 17, red 27, buzzer 22 blinked (not the relay)",
  });
  t.deepEqual(commands, [
    "--version",
    "gpiochip0 17=0 27=0 22=0 23=0",
    "gpiochip0 17=1 22=1",
    "gpiochip0 22=0",
    "gpiochip0 17=0 27=1",
    "gpiochip0 27=0",
  ]);
});

test("gpio without gpiod installed fails with what to install", async (t) => {
  const run: CommandRunner = async () => {
    throw Object.assign(new Error("spawn gpioset ENOENT"), { code: "ENOENT" });
  };
  const diagnosis = await diagnoseFeedback(feedbackConfig({ kind: "gpio", pins: { relay: 23 } }), { run });
  t.like(diagnosis, { verdict: "fail", detail: "gpiochip0: spawn gpioset ENOENT" });
  t.regex(diagnosis.fix ?? "", /apt-get install gpiod/);
});

test("johnny-five: an absent board fails at its first attempt, without sitting through the retries", async (t) => {
  const config = feedbackConfig({ kind: "johnny-five", path: "/dev/ttyACM9", pins: { green: 7 } });
  const startedAt = performance.now();
  const diagnosis = await diagnoseFeedback(config, {
    openLink: async () => {
      throw new Error("Error: No such file or directory, cannot open /dev/ttyACM9");
    },
  });
  t.like(diagnosis, {
    verdict: "fail",
    detail: "no working board at /dev/ttyACM9: Error: No such file or directory, cannot open /dev/ttyACM9",
  });
  t.true(performance.now() - startedAt < 5000, "well before the 12 s a slow board is given");
});

test("johnny-five: a board that never finishes the handshake fails with what to check", async (t) => {
  const silent = new StubBoardIo();
  const config = feedbackConfig({ kind: "johnny-five", path: "/dev/ttyACM0", pins: { green: 7 } });
  const diagnosis = await diagnoseFeedback(config, {
    openLink: async () => silent.link(),
    readyTimeoutMs: 50,
  });
  t.like(diagnosis, { verdict: "fail", detail: "no working board at /dev/ttyACM0: no answer within 0.05 s" });
  t.regex(diagnosis.fix ?? "", /StandardFirmata/);
  t.true(silent.closed);
});

test("johnny-five: a pin the board lacks is reported", async (t) => {
  const board = new StubBoardIo();
  const config = feedbackConfig({ kind: "johnny-five", path: "/dev/ttyACM0", pins: { green: 7, red: 60 } });
  const diagnosing = diagnoseFeedback(config, {
    openLink: async () => {
      setImmediate(() => board.ready());
      return board.link();
    },
  });
  t.like(await diagnosing, {
    verdict: "fail",
    detail: "no working board at /dev/ttyACM0: pin 60 (red) is not on this board; left out",
  });
});

test("bell and none need nothing opened", async (t) => {
  t.like(await diagnoseFeedback(feedbackConfig({ kind: "bell" })), { verdict: "pass" });
  t.like(await diagnoseFeedback(feedbackConfig({ kind: "none" })), {
    verdict: "pass",
    detail: "none configured",
  });
});
