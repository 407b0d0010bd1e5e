/**
 * Picks the feedback adapter for `feedback.kind`. Adapters are imported lazily: a kiosk with a
 * bell never loads johnny-five, and one without a board never opens a serial port.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Config } from "../../device/config.js";
import type { Logger } from "../../device/logger.js";
import type { Feedback } from "../../device/ports/feedback.js";
import type { OpenBoardLink } from "./firmataLink.js";
import type { CommandRunner } from "./gpioFeedback.js";

export interface FeedbackDeps {
  readonly logger: Logger;
  /** The terminal bell (`bell`); the UI owns the terminal. */
  readonly ring: () => void;
  /** The IO board's link (`johnny-five`); Firmata over `feedback.path` by default. */
  readonly openLink?: OpenBoardLink | undefined;
  /** Runs `gpioset` (`gpio`); a child process by default. */
  readonly run?: CommandRunner | undefined;
}

const execFileAsync = promisify(execFile);

/** A `gpioset` that hangs (a stuck chip driver) must not hold the worker forever. */
const commandTimeoutMs = 3000;

export const childProcessRunner: CommandRunner = async (file, args) =>
  (await execFileAsync(file, [...args], { timeout: commandTimeoutMs })).stdout;

export async function createFeedback(config: Config["feedback"], deps: FeedbackDeps): Promise<Feedback> {
  const logger = deps.logger;
  switch (config.kind) {
    case "johnny-five": {
      // The schema requires a path for johnny-five; a config built around it is a bug.
      if (config.path === undefined) throw new TypeError("feedback.path is required for johnny-five");
      const { JohnnyFiveFeedback } = await import("./johnnyFiveFeedback.js");
      const { firmataLink } = await import("./firmataLink.js");
      const openLink = deps.openLink ?? firmataLink({ path: config.path, baudRate: config.baudRate });
      return new JohnnyFiveFeedback(
        {
          pins: config.pins,
          relayPulseMs: config.relayPulseMs,
          relayActiveLow: config.relayActiveLow,
          where: config.path,
        },
        { logger, openLink },
      );
    }
    case "gpio": {
      const { GpioFeedback } = await import("./gpioFeedback.js");
      return new GpioFeedback(
        {
          chip: config.gpioChip,
          pins: config.pins,
          relayPulseMs: config.relayPulseMs,
          relayActiveLow: config.relayActiveLow,
        },
        { logger, run: deps.run ?? childProcessRunner },
      );
    }
    case "bell": {
      const { BellFeedback } = await import("./bellFeedback.js");
      return new BellFeedback(deps.ring);
    }
    case "none": {
      const { FakeFeedback } = await import("./fakeFeedback.js");
      return new FakeFeedback();
    }
  }
}
