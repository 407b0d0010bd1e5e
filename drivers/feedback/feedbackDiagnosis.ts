/**
 * `doctor`'s feedback check: connects the configured board or GPIO chip for real, blinks every LED
 * and beeps once (never the gate relay: a technician at the kiosk should not open the gate by
 * running a check), and turns what went wrong into what to do about it.
 */
import type { Config } from "../../device/config.js";
import type { Logger } from "../../device/logger.js";
import type { Diagnosis } from "../../device/ports/diagnosis.js";
import type { Feedback } from "../../device/ports/feedback.js";
import { createFeedback, type FeedbackDeps } from "./createFeedback.js";
import { blinkPattern } from "./outputPlayer.js";

export interface FeedbackDiagnosisDeps extends Pick<FeedbackDeps, "openLink" | "run"> {
  /** How long a board may take to answer: firmata-io asks for the version after 5 s of silence. */
  readonly readyTimeoutMs?: number | undefined;
}

const defaultReadyTimeoutMs = 12_000;

export async function diagnoseFeedback(
  config: Config["feedback"],
  deps: FeedbackDiagnosisDeps = {},
): Promise<Diagnosis> {
  if (config.kind === "none") return { verdict: "pass", detail: "none configured" };
  if (config.kind === "bell") return { verdict: "pass", detail: "the terminal bell, on the kiosk's screen" };
  const problems: string[] = [];
  let problemSeen = () => {};
  const firstProblem = new Promise<void>((resolve) => {
    problemSeen = resolve;
  });
  const feedback = await createFeedback(config, {
    logger: recordingLogger((problem) => {
      problems.push(problem);
      problemSeen();
    }),
    ring: () => {},
    openLink: deps.openLink,
    run: deps.run,
  });
  const where = config.kind === "gpio" ? config.gpioChip : (config.path ?? "");
  const timeoutMs = deps.readyTimeoutMs ?? defaultReadyTimeoutMs;
  let ready = false;
  try {
    // The first failed attempt is the answer: doctor does not sit through the retries.
    const readiness = readyWithin(feedback, timeoutMs, firstProblem);
    await feedback.start();
    ready = await readiness;
    if (ready) {
      feedback.blink();
      await new Promise((resolve) => setTimeout(resolve, Math.max(...blinkPattern.map((s) => s.atMs)) + 100));
    }
  } finally {
    await feedback.stop().catch(() => {});
  }
  const problem = problems.at(-1) ?? (ready ? undefined : `no answer within ${timeoutMs / 1000} s`);
  if (problem === undefined) {
    return {
      verdict: "pass",
      detail: `${where} answered: ${fittedLights(config.pins)} blinked (not the relay)`,
    };
  }
  return config.kind === "gpio"
    ? {
        verdict: "fail",
        detail: `${where}: ${problem}`,
        fix: "apt-get install gpiod; check feedback.gpioChip (gpiodetect) and that the kiosk's user may open /dev/gpiochip* (gpio group)",
      }
    : {
        verdict: "fail",
        detail: `no working board at ${where}: ${problem}`,
        fix: "check the USB cable and feedback.path (ls -l /dev/serial/by-id/); the board must run StandardFirmata at feedback.baudRate",
      };
}

/** True once the feedback says ready; false after `timeoutMs` or once `failed` settles. */
function readyWithin(feedback: Feedback, timeoutMs: number, failed: Promise<void>): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(false), timeoutMs);
    void failed.then(() => done(false));
    const onState = () => {
      if (feedback.state() === "ready") done(true);
    };
    const done = (ready: boolean) => {
      clearTimeout(timer);
      feedback.off("state", onState);
      resolve(ready);
    };
    feedback.on("state", onState);
  });
}

function fittedLights(pins: Config["feedback"]["pins"]): string {
  const named = (["green", "red", "buzzer"] as const).flatMap((name) =>
    pins[name] === undefined ? [] : [`${name} ${pins[name]}`],
  );
  return named.length === 0 ? "nothing fitted" : named.join(", ");
}

/** A logger that hands on what went wrong (warnings and errors), for the report. */
function recordingLogger(onProblem: (problem: string) => void): Logger {
  const record = (message: string, fields?: Readonly<Record<string, unknown>>) => {
    const error = fields?.error;
    onProblem(error instanceof Error ? error.message : message);
  };
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: record,
    error: record,
    child: () => logger,
  };
  return logger;
}
