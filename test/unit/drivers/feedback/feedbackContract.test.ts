/**
 * The Feedback port's contract (test/helpers/feedbackContract.ts) run against every adapter:
 * the bell, the Pi's GPIO lines through a recorded `gpioset`, johnny-five on stub Firmata boards,
 * and the recording adapter of `feedback.kind: none`.
 */
import type { Config } from "../../../../device/config.js";
import { silentLogger } from "../../../../device/logger.js";
import { BellFeedback } from "../../../../drivers/feedback/bellFeedback.js";
import { FakeFeedback } from "../../../../drivers/feedback/fakeFeedback.js";
import { type CommandRunner, GpioFeedback } from "../../../../drivers/feedback/gpioFeedback.js";
import { JohnnyFiveFeedback } from "../../../../drivers/feedback/johnnyFiveFeedback.js";
import { feedbackContract } from "../../../helpers/feedbackContract.js";
import { ManualSchedule } from "../../../helpers/manualSchedule.js";
import { sleep, waitUntil } from "../../../helpers/scanRecorder.js";
import { StubBoardIo } from "../../../helpers/stubBoardIo.js";

const pins: Config["feedback"]["pins"] = {
  green: 9,
  red: 10,
  buzzer: 11,
  relay: 7,
  buttons: { confirm: 2 },
};
const quickRetry = { initialMs: 5, factor: 1, maxMs: 5 };
const common = { pins, relayPulseMs: 500, relayActiveLow: false, reconnect: quickRetry };

feedbackContract("bell", () => {
  let rings = 0;
  const feedback = new BellFeedback(() => {
    rings += 1;
  });
  return {
    feedback,
    running: "ready",
    stopped: "ready",
    settle: async () => {},
    effects: () => rings,
    // The bell rings on real timers; its longest pattern is three rings 180 ms apart.
    elapse: (ms) => sleep(Math.min(ms, 400)),
  };
});

feedbackContract("none (FakeFeedback)", () => {
  const feedback = new FakeFeedback();
  return {
    feedback,
    running: "none",
    stopped: "none",
    settle: async () => {},
    effects: () => feedback.signals.length + feedback.gates + feedback.blinks,
    elapse: async () => {},
  };
});

feedbackContract("gpio (recorded gpioset)", () => {
  const clock = new ManualSchedule();
  let runs = 0;
  let gone: Error | undefined;
  const run: CommandRunner = async (_file, args) => {
    if (args[0] === "--version") return "gpioset (libgpiod) v2.2.1\n";
    runs += 1;
    if (gone !== undefined) throw gone;
    return "";
  };
  const feedback = new GpioFeedback(
    { chip: "gpiochip0", ...common },
    { logger: silentLogger, run, schedule: clock.schedule },
  );
  return {
    feedback,
    running: "ready",
    stopped: "disconnected",
    settle: () => waitUntil(() => feedback.state() === "ready", "gpio ready"),
    effects: () => runs,
    elapse: async (ms) => clock.advance(ms),
    device: {
      unplug: () => {
        gone = new Error("gpioset: unable to request lines on chip 'gpiochip0': No such device");
      },
      // Back: the retry writes what the lines missed, and the lines are known to work again.
      replug: async () => {
        gone = undefined;
      },
    },
  };
});

feedbackContract("johnny-five (stub Firmata boards)", () => {
  const clock = new ManualSchedule();
  const boards = [new StubBoardIo(), new StubBoardIo()];
  const opened: StubBoardIo[] = [];
  const feedback = new JohnnyFiveFeedback(
    { ...common, where: "/dev/serial/by-id/usb-Arduino_Uno-if00" },
    {
      logger: silentLogger,
      schedule: clock.schedule,
      openLink: async () => {
        const board = boards.shift();
        if (board === undefined) throw new Error("ENOENT: no such file or directory");
        opened.push(board);
        return board.link();
      },
    },
  );
  /** Finishes the handshake of the board opened last. */
  const handshake = async () => {
    const waiting = () => opened.find((board) => !board.isReady && !board.closed);
    await waitUntil(() => waiting() !== undefined, "a board's port opened");
    waiting()?.ready();
    await waitUntil(() => feedback.state() === "ready", "feedback ready");
  };
  return {
    feedback,
    running: "ready",
    stopped: "disconnected",
    settle: handshake,
    effects: () => opened.reduce((sum, board) => sum + board.writes().length, 0),
    elapse: async (ms) => clock.advance(ms),
    device: { unplug: () => opened.at(-1)?.unplug(), replug: handshake },
  };
});
