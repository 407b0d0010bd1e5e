/**
 * Keyboard-wedge scanners and people typing (docs/hardware.md "Serial scanners"): a wedge scanner types
 * into the kiosk's own terminal, so the UI hands each key to `feedKey`. What tells a scan from a
 * person is speed: a burst of at least `minChars` keys, every gap (Enter included) at most
 * `maxGapMs`, is a scan; anything slower is `manual`.
 *
 * Headless (no UI), `input` is read instead: each line is a scan.
 *
 * Both ways go through `CodeFramer`, the cleaning of the serial path: same length cap, same
 * control-character and noise rules.
 */
import { EventEmitter } from "node:events";
import type { Readable } from "node:stream";
import type { Logger } from "../../device/logger.js";
import { type BurstRule, defaultBurstRule } from "../../device/ports/burstRule.js";
import type { Scanner, ScannerEvents, ScannerState } from "../../device/ports/scanner.js";
import { type AffixRules, CodeFramer } from "./codeFraming.js";

export interface KeyboardScannerOptions {
  readonly logger: Logger;
  readonly input?: Readable | undefined;
  readonly maxCodeBytes?: number | undefined;
  readonly strip?: AffixRules | undefined;
  readonly burst?: BurstRule | undefined;
}

/** Names the UI may pass for the Enter key. */
const enterKeys = new Set(["\r", "\n", "enter", "return"]);
/** Esc abandons a half-typed code, so it cannot prefix the next one. */
const escapeKeys = new Set(["\x1b", "escape"]);
const backspaceKeys = new Set(["\b", "\x7f", "backspace"]);

/** The keys of the code being typed: how many, when the last came, the widest gap so far. */
interface Typed {
  readonly chars: number;
  readonly lastAtMs: number;
  readonly maxGapMs: number;
}
const nothingTyped: Typed = { chars: 0, lastAtMs: 0, maxGapMs: 0 };

export class KeyboardScanner extends EventEmitter<ScannerEvents> implements Scanner {
  readonly kind = "keyboard";
  private readonly keys: CodeFramer;
  private readonly lines: CodeFramer;
  private readonly burst: BurstRule;
  private typed = nothingTyped;
  private started = false;
  private readonly onData = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    for (const code of this.lines.push(bytes)) this.emit("scan", { code, source: "scan" });
  };
  private readonly onEnd = (): void => {
    const code = this.lines.endFrame();
    if (code !== undefined) this.emit("scan", { code, source: "scan" });
  };
  private readonly onError = (error: Error): void => {
    this.options.logger.warn("keyboard input failed", { error });
  };

  constructor(private readonly options: KeyboardScannerOptions) {
    super();
    const framing = { maxBytes: options.maxCodeBytes, strip: options.strip };
    this.keys = new CodeFramer(framing);
    this.lines = new CodeFramer(framing);
    this.burst = options.burst ?? defaultBurstRule;
  }

  async start(): Promise<void> {
    const input = this.options.input;
    if (this.started || input === undefined) return;
    this.started = true;
    input.on("data", this.onData).on("end", this.onEnd).on("error", this.onError);
  }

  async stop(): Promise<void> {
    const input = this.options.input;
    if (!this.started || input === undefined) return;
    this.started = false;
    input.off("data", this.onData).off("end", this.onEnd).off("error", this.onError);
    // Not ours to destroy (it may be stdin), but it must not keep the process alive.
    input.pause();
  }

  state(): ScannerState {
    return "connected";
  }

  /** Drops a half-typed code (Esc, or the UI moved on). */
  clear(): void {
    this.keys.discardPartial();
    this.typed = nothingTyped;
  }

  /**
   * One key from the UI: a printable character, Enter ("\r", "\n", "enter", "return"), Backspace
   * ("\b", "\x7f", "backspace") or Esc ("\x1b", "escape"). Other key names (arrows) are the UI's
   * and are ignored here. `atMs` is when the key came, on a monotonic clock.
   */
  feedKey(ch: string, atMs: number): void {
    if (escapeKeys.has(ch)) {
      this.clear();
      return;
    }
    if (backspaceKeys.has(ch)) {
      // Scanners never correct themselves: a code with a correction in it was typed by a person.
      this.keys.eraseLast();
      this.typed = {
        chars: Math.max(0, this.typed.chars - 1),
        lastAtMs: atMs,
        maxGapMs: Number.POSITIVE_INFINITY,
      };
      return;
    }
    const enter = enterKeys.has(ch);
    if (!enter && [...ch].length !== 1) return;
    const gapMs = this.typed.chars === 0 ? 0 : atMs - this.typed.lastAtMs;
    this.typed = {
      chars: this.typed.chars + (enter ? 0 : 1),
      lastAtMs: atMs,
      maxGapMs: Math.max(this.typed.maxGapMs, gapMs),
    };
    if (!enter) {
      this.keys.push(Buffer.from(ch, "utf8"));
      return;
    }
    const isBurst = this.typed.chars >= this.burst.minChars && this.typed.maxGapMs <= this.burst.maxGapMs;
    this.typed = nothingTyped;
    const code = this.keys.endFrame();
    if (code !== undefined) this.emit("scan", { code, source: isBurst ? "scan" : "manual" });
  }
}
