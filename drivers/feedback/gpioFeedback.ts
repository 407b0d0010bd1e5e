/**
 * LEDs, an active buzzer and a gate relay on the Pi's own 40-pin header (`feedback.kind: gpio`),
 * through the kernel's GPIO character device with Debian's `gpioset` (package `gpiod`).
 *
 * Not sysfs (`/sys/class/gpio`, the `onoff` package): Bookworm kernels offset its numbers and
 * refuse with EINVAL (docs/hardware.md). Not a native binding either: `gpioset` is one small process
 * per change, and a kiosk changes its lights a few times per redemption.
 *
 * `gpioset`'s syntax changed between libgpiod 1.x (Bookworm: `gpioset gpiochip0 17=1`, which sets
 * and exits) and 2.x (Trixie: `gpioset -t0 -c gpiochip0 17=1`; without `-t0` it holds the lines
 * until killed), so `start()` asks `gpioset --version` first. After `gpioset` exits, libgpiod
 * does not promise the line keeps its value; the Raspberry Pi kernels keep it. Not tried on a Pi.
 *
 * Failure cases: `gpioset` missing (gpiod not installed) or failing (no such chip, no permission
 * on /dev/gpiochip*, a line held by another program): logged once per streak, state
 * `disconnected`, and tried again on a backoff timer (the version until known, then the lines still
 * due) or sooner by the next change; changes merged into a failed run are not left waiting.
 * Changes queue into one wanted state that a single worker applies, so commands never overtake one
 * another and a slow `gpioset` merges changes instead of piling up processes.
 */
import type { Config } from "../../device/config.js";
import type { Logger } from "../../device/logger.js";
import type { ReconnectPolicy } from "../../device/ports/reconnect.js";
import { OutputFeedback } from "./outputFeedback.js";
import type { Output, OutputChange, Schedule } from "./outputPlayer.js";

/** Runs a program to completion; resolves with its stdout, rejects when it fails or times out. */
export type CommandRunner = (file: string, args: readonly string[]) => Promise<string>;

export interface GpioFeedbackOptions {
  /** The header's chip, as `gpiodetect` names it. */
  readonly chip: string;
  readonly pins: Config["feedback"]["pins"];
  readonly relayPulseMs: number;
  readonly relayActiveLow: boolean;
  readonly reconnect?: ReconnectPolicy | undefined;
}

export interface GpioFeedbackDeps {
  readonly logger: Logger;
  readonly run: CommandRunner;
  readonly schedule?: Schedule | undefined;
}

/** The libgpiod major version in `gpioset --version` ("gpioset (libgpiod) v1.6.3"). */
export function libgpiodMajor(versionText: string): number | undefined {
  const match = /\bv(\d+)\.\d+/.exec(versionText);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** `gpioset`'s arguments to set `values` (line offset, 0 or 1) on `chip` and exit. */
export function gpiosetArgs(major: number, chip: string, values: ReadonlyMap<number, 0 | 1>): string[] {
  const assignments = [...values].map(([line, value]) => `${line}=${value}`);
  return major < 2 ? [chip, ...assignments] : ["-t0", "-c", chip, ...assignments];
}

export class GpioFeedback extends OutputFeedback {
  readonly kind = "gpio";
  private major: number | undefined;
  /** Line → value wanted, and line → value last set (absent: unknown). */
  private readonly wanted = new Map<number, 0 | 1>();
  private readonly applied = new Map<number, 0 | 1>();
  /** The worker's run; `applying` is true while it has not yet decided to end. */
  private worker: Promise<void> = Promise.resolve();
  private applying = false;

  constructor(
    private readonly options: GpioFeedbackOptions,
    private readonly deps: GpioFeedbackDeps,
  ) {
    super({ ...options, ...deps });
  }

  protected begin(): Promise<void> {
    return this.detect();
  }

  /** Retries what failed: `gpioset --version` until known, then the lines still due. */
  protected async retry(): Promise<void> {
    if (this.major === undefined) {
      await this.detect();
      return;
    }
    // No change of its own: starts the worker on what is still due, unless it is running.
    this.write([]);
    await this.worker;
  }

  /** The lines were asked to turn off (stop): waits until that is written. */
  protected release(): Promise<void> {
    return this.worker;
  }

  private async detect(): Promise<void> {
    let version: string;
    try {
      version = await this.deps.run("gpioset", ["--version"]);
    } catch (error) {
      this.failed("gpioset is not available (apt-get install gpiod)", { chip: this.options.chip, error });
      return;
    }
    const major = libgpiodMajor(version);
    if (major === undefined) {
      const error = new Error(`unexpected version text: ${version.trim()}`);
      this.failed("gpioset did not say its version", { chip: this.options.chip, error });
      return;
    }
    this.major = major;
    this.reconnect.succeeded();
    this.deps.logger.info("gpio feedback ready", { chip: this.options.chip, libgpiod: major });
    this.setState("ready");
    this.player.allOff();
    await this.worker;
  }

  protected write(changes: readonly OutputChange[]): void {
    for (const [output, on] of changes) {
      const line = this.lineOf(output);
      if (line === undefined) continue;
      const active = output === "relay" && this.options.relayActiveLow ? !on : on;
      this.wanted.set(line, active ? 1 : 0);
    }
    if (this.applying) return;
    this.applying = true;
    this.worker = this.apply();
  }

  private lineOf(output: Output): number | undefined {
    const { pins } = this.options;
    return output === "green"
      ? pins.green
      : output === "red"
        ? pins.red
        : output === "buzzer"
          ? pins.buzzer
          : pins.relay;
  }

  /**
   * Sets what is wanted and not yet set, one `gpioset` at a time, until nothing is left. It
   * decides to end and clears `applying` in one step, so a change made meanwhile is never missed.
   */
  private async apply(): Promise<void> {
    for (;;) {
      const major = this.major;
      const due = new Map([...this.wanted].filter(([line, value]) => this.applied.get(line) !== value));
      if (major === undefined || due.size === 0) {
        this.applying = false;
        return;
      }
      try {
        await this.deps.run("gpioset", gpiosetArgs(major, this.options.chip, due));
      } catch (error) {
        // Left unapplied, and tried again after the backoff (or by the next change, if sooner):
        // a relay's "off" merged into this failed run must not wait for a customer to come by.
        this.applying = false;
        this.failed("gpioset failed", { chip: this.options.chip, error });
        return;
      }
      for (const [line, value] of due) this.applied.set(line, value);
      this.reconnect.succeeded();
      this.setState("ready");
    }
  }
}
