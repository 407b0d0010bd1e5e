/**
 * LEDs, a buzzer, a gate relay and push buttons on an IO board driven by johnny-five
 * (`feedback.kind: johnny-five`; docs/hardware.md "Feedback hardware").
 *
 * The board is built as docs/hardware.md demands: an injected `io` (never johnny-five's own port
 * detection, which spawns udevadm and crashes where there is none), with its REPL, debug output
 * and SIGINT handler off — the process belongs to `main`, and the terminal to the UI.
 *
 * Failure cases, none of which ever reaches a redemption (signals are dropped while not ready):
 * - Board absent or the port not opening: state `disconnected`, retried with capped backoff.
 * - A port that opens but never finishes the Firmata handshake (other firmware, a board still
 *   booting): given up after `readyTimeoutMs`, closed, retried.
 * - Unplugged while running (the io closes or errors): `disconnected`, retried; on replug every
 *   output starts off.
 * - A configured pin the board does not have: that output is left out and logged; the rest work.
 * - `stop()`: everything off (the gate relay open) before the port closes.
 * One johnny-five Board is made per successful handshake, and johnny-five keeps every Board it
 * made: a replug costs a few kilobytes for the life of the process.
 *
 * The buzzer is driven with 50 % PWM (the board's PWM frequency, ~490 Hz on an Uno, is the tone),
 * not with johnny-five's `Piezo`, whose tones toggle the pin from Node on a microsecond timer —
 * thousands of Firmata messages a second over USB. On a pin without PWM it is switched on and off,
 * which suits an active buzzer.
 */
import five from "johnny-five";
import type { Config } from "../../device/config.js";
import type { Logger } from "../../device/logger.js";
import type { FeedbackButton } from "../../device/ports/feedback.js";
import type { ReconnectPolicy } from "../../device/ports/reconnect.js";
import type { BoardIo, BoardLink, OpenBoardLink } from "./firmataLink.js";
import { OutputFeedback } from "./outputFeedback.js";
import type { OutputChange, Schedule } from "./outputPlayer.js";

export interface JohnnyFiveFeedbackOptions {
  readonly pins: Config["feedback"]["pins"];
  readonly relayPulseMs: number;
  readonly relayActiveLow: boolean;
  /** Where the board is, for logs. */
  readonly where: string;
  /** Longer than a Firmata handshake (firmata-io asks for the version after 5 s of silence). */
  readonly readyTimeoutMs?: number | undefined;
  readonly reconnect?: ReconnectPolicy | undefined;
}

export interface JohnnyFiveFeedbackDeps {
  readonly logger: Logger;
  readonly openLink: OpenBoardLink;
  /** The pattern clock; real timers by default. */
  readonly schedule?: Schedule | undefined;
}

const defaultReadyTimeoutMs = 10_000;
/** Half of the 8-bit PWM range: a square wave, the loudest a piezo gets. */
const buzzerDuty = 128;

/** What a ready board drives; absent entries are not fitted or not on this board. */
interface Outputs {
  readonly green?: five.Led;
  readonly red?: five.Led;
  readonly buzzer?: { readonly pin: number; readonly pwm: boolean };
  readonly relay?: five.Relay;
}

export class JohnnyFiveFeedback extends OutputFeedback {
  readonly kind = "johnny-five";
  /** Bumped by every new attempt and by `stop()`, so late events of an old link are ignored. */
  private generation = 0;
  private link: BoardLink | undefined;
  private outputs: Outputs | undefined;
  private readyTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: JohnnyFiveFeedbackOptions,
    private readonly deps: JohnnyFiveFeedbackDeps,
  ) {
    super({ ...options, ...deps });
  }

  protected async begin(): Promise<void> {
    // Not awaited: a board absent or still booting must not hold up the kiosk's start.
    void this.connect();
  }

  protected retry(): Promise<void> {
    return this.connect();
  }

  protected release(): Promise<void> {
    return this.drop();
  }

  /** One attempt: open the port, await the handshake, build the outputs. Never rejects. */
  private async connect(): Promise<void> {
    const generation = ++this.generation;
    let link: BoardLink;
    try {
      link = await this.deps.openLink();
    } catch (error) {
      if (generation === this.generation) this.lost(error);
      return;
    }
    if (generation !== this.generation) {
      await link.close();
      return;
    }
    this.link = link;
    const lost = (error: unknown) => {
      if (generation === this.generation) this.lost(error ?? new Error("the board's port closed"));
    };
    link.io.on("error", lost).on("close", lost).on("disconnect", lost);
    this.readyTimer = setTimeout(() => {
      lost(new Error(`no Firmata answer within ${this.readyTimeoutMs()} ms (is StandardFirmata on it?)`));
    }, this.readyTimeoutMs());
    if (link.io.isReady) this.onHandshake(link, generation);
    else link.io.once("ready", () => this.onHandshake(link, generation));
  }

  private onHandshake(link: BoardLink, generation: number): void {
    if (generation !== this.generation) return;
    clearTimeout(this.readyTimer);
    const board = new five.Board(boardOptions(link.io));
    // After "ready" the board re-emits the io's errors; they are handled on the io itself.
    board.on("error", () => {});
    board.on("ready", () => {
      if (generation !== this.generation) return;
      try {
        this.outputs = this.buildOutputs(board, link.io);
      } catch (error) {
        this.lost(error);
        return;
      }
      this.reconnect.succeeded();
      this.player.allOff();
      this.deps.logger.info("feedback board ready", { where: this.options.where });
      this.setState("ready");
    });
  }

  private buildOutputs(board: five.Board, io: BoardIo): Outputs {
    const { pins, relayActiveLow } = this.options;
    const fitted = (name: string, pin: number | undefined): pin is number => {
      if (pin === undefined) return false;
      if ((io.pins[pin]?.supportedModes.length ?? 0) > 0) return true;
      this.deps.logger.warn(`pin ${pin} (${name}) is not on this board; left out`, { output: name, pin });
      return false;
    };
    const outputs: { -readonly [K in keyof Outputs]: Outputs[K] } = {};
    if (fitted("green", pins.green)) outputs.green = new five.Led({ pin: pins.green, board });
    if (fitted("red", pins.red)) outputs.red = new five.Led({ pin: pins.red, board });
    if (fitted("buzzer", pins.buzzer)) {
      const pwm = io.pins[pins.buzzer]?.supportedModes.includes(io.MODES.PWM) ?? false;
      io.pinMode(pins.buzzer, pwm ? io.MODES.PWM : io.MODES.OUTPUT);
      outputs.buzzer = { pin: pins.buzzer, pwm };
    }
    if (fitted("relay", pins.relay)) {
      // johnny-five's "NC" type inverts the writes: what an active-low relay module needs.
      outputs.relay = new five.Relay({ pin: pins.relay, board, type: relayActiveLow ? "NC" : "NO" });
      // Relay sets no pin mode on digital pins; StandardFirmata's reset default (OUTPUT) is not ours to rely on.
      io.pinMode(pins.relay, io.MODES.OUTPUT);
    }
    for (const [name, pin] of Object.entries(pins.buttons) as [FeedbackButton, number | undefined][]) {
      if (fitted(name, pin)) this.watchButton(io, name, pin);
    }
    return outputs;
  }

  /**
   * A button between the pin and ground, with the board's pull-up: pressed reads low. Read straight
   * from the IO rather than with johnny-five's Button, whose "hold" interval outlives a board that
   * is unplugged while the button is down (it waits for a release that never comes) and keeps the
   * process alive. A press is the edge from released (high) to pressed (low), as Button saw it.
   * Only an edge from a high the board reported counts: between INPUT and the pull-up (two messages)
   * the pin can read low, as StandardFirmata's reset left it an output driven low, and a board whose
   * port already reports (for an earlier button on it) sends that low — a press nobody made.
   */
  private watchButton(io: BoardIo, name: FeedbackButton, pin: number): void {
    // INPUT with the output latch high turns the pull-up on in every Firmata version.
    io.pinMode(pin, io.MODES.INPUT);
    io.digitalWrite(pin, 1);
    const generation = this.generation;
    let level: number | undefined;
    io.digitalRead(pin, (value) => {
      if (generation !== this.generation) return;
      if (value === 0 && level === 1) this.emit("button", name);
      level = value;
    });
  }

  protected write(changes: readonly OutputChange[]): void {
    const outputs = this.outputs;
    const io = this.link?.io;
    if (outputs === undefined || io === undefined) return;
    try {
      for (const [output, on] of changes) {
        if (output === "green" || output === "red") {
          const led = outputs[output];
          if (on) led?.on();
          else led?.off();
        } else if (output === "buzzer" && outputs.buzzer !== undefined) {
          const { pin, pwm } = outputs.buzzer;
          if (pwm) io.pwmWrite(pin, on ? buzzerDuty : 0);
          else io.digitalWrite(pin, on ? 1 : 0);
        } else if (output === "relay") {
          if (on) outputs.relay?.close();
          else outputs.relay?.open();
        }
      }
    } catch (error) {
      // A board dying mid-write: the io's close or error follows and reconnects.
      this.deps.logger.warn("feedback write failed", { where: this.options.where, error });
    }
  }

  /** A failed attempt or a lost board: let it go, say so, try again later. */
  private lost(error: unknown): void {
    // Closing a board that is gone settles by itself (`drop` swallows its errors); not awaited,
    // since the state must say `disconnected` at once.
    void this.drop();
    this.failed("feedback board unavailable, retrying", { where: this.options.where, error });
  }

  /** Forgets the current link (its late events are ignored from now on) and closes it. */
  private async drop(): Promise<void> {
    this.generation++;
    clearTimeout(this.readyTimer);
    this.outputs = undefined;
    const link = this.link;
    this.link = undefined;
    await link?.close().catch(() => {});
  }

  private readyTimeoutMs(): number {
    return this.options.readyTimeoutMs ?? defaultReadyTimeoutMs;
  }
}

/** docs/hardware.md: always an `io`, and no REPL, debug output or SIGINT handler. */
function boardOptions(io: BoardIo): five.BoardOption {
  // `sigint` is a Board option @types/johnny-five does not list.
  const options = { io, repl: false, debug: false, sigint: false };
  return options;
}
