/**
 * Bytes → codes, for every scanner path (serial bytes, keyboard keys, headless input lines).
 *
 * Pure and clock-free: the caller decides when silence ends a frame (`endFrame`) or makes a
 * partial frame stale (`discardPartial`). Failure cases handled here (docs/reliability.md promise 6):
 * - CR, LF and CRLF all end a frame, whatever the configured terminator; a CRLF split across
 *   two chunks is one terminator (docs/hardware.md: `ReadlineParser` on one delimiter leaves strays).
 * - Over-long input (a stuck scanner, a binary dump): the buffer is fixed at `maxBytes`, so it
 *   never grows; the whole frame is dropped up to its end, not truncated into a wrong code.
 * - Wrong baud rate: mostly NUL and high bytes. A frame whose share of non-printable bytes is
 *   large is garbage and dropped whole, so no code is assembled from the printable bytes that
 *   noise happens to contain.
 * - Control characters, NUL, DEL, non-ASCII bytes (scanner prefixes such as STX/ETX, a UTF-8
 *   payload): removed; surrounding spaces trimmed; what is left empty is dropped.
 * - Printable prefixes and suffixes a scanner adds (AIM symbology identifiers such as `]Q1` for
 *   QR or `]C0` for Code 128, a store prefix): at most one configured prefix and one suffix are
 *   cut from the cleaned code, the longest that matches, so `]Q1` and `]Q` can both be listed.
 */

export const defaultMaxCodeBytes = 128;

/** A frame is garbage when more than this share of its bytes is not printable ASCII. */
const maxNoiseShare = 1 / 3;

const CR = 0x0d;
const LF = 0x0a;

/** Each frame ends in exactly one way, so `frames` is `codes` plus all the `dropped…` counts. */
export interface FramingCounters {
  /** Frames ended by a terminator or by silence. */
  readonly frames: number;
  /** Frames that became codes. */
  readonly codes: number;
  readonly droppedOverlong: number;
  /** Frames with nothing left after cleaning (a blank line, only spaces or controls). */
  readonly droppedEmpty: number;
  /** Frames with too many non-printable bytes: line noise, a wrong baud rate. */
  readonly droppedGarbage: number;
  /** Partial frames the caller discarded as stale (`discardPartial`). */
  readonly droppedUnterminated: number;
}

/** What to cut from the ends of every cleaned code (`scanner.stripPrefixes`, `scanner.stripSuffixes`). */
export interface AffixRules {
  readonly prefixes: readonly string[];
  readonly suffixes: readonly string[];
}

export interface CodeFramerOptions {
  /** Longest frame kept, in raw bytes before cleaning. */
  readonly maxBytes?: number | undefined;
  readonly strip?: AffixRules | undefined;
}

type MutableCounters = { -readonly [K in keyof FramingCounters]: number };

export class CodeFramer {
  private readonly buffer: Buffer;
  private length = 0;
  /** The frame in progress passed the cap: its bytes are skipped until it ends. */
  private overlong = false;
  /** The last byte seen was a CR, so an LF right after it (even in the next chunk) is its pair. */
  private afterCr = false;
  private readonly count: MutableCounters = {
    frames: 0,
    codes: 0,
    droppedOverlong: 0,
    droppedEmpty: 0,
    droppedGarbage: 0,
    droppedUnterminated: 0,
  };

  private readonly strip: AffixRules;

  constructor(options: CodeFramerOptions = {}) {
    this.buffer = Buffer.alloc(options.maxBytes ?? defaultMaxCodeBytes);
    this.strip = longestFirst(options.strip ?? { prefixes: [], suffixes: [] });
  }

  /** Feeds bytes; returns the codes completed by terminators within them, in order. */
  push(chunk: Uint8Array): string[] {
    const codes: string[] = [];
    for (const byte of chunk) {
      const pairedLf = this.afterCr && byte === LF;
      this.afterCr = byte === CR;
      if (pairedLf) continue;
      if (byte === CR || byte === LF) {
        const code = this.endFrame();
        if (code !== undefined) codes.push(code);
      } else if (!this.overlong) {
        if (this.length < this.buffer.length) {
          this.buffer[this.length++] = byte;
        } else {
          this.overlong = true;
          this.length = 0;
        }
      }
    }
    return codes;
  }

  /** True while a frame has started and not ended: the caller's silence timer should run. */
  get pending(): boolean {
    return this.length > 0 || this.overlong;
  }

  /** Ends the frame in progress (silence, end of input); returns its code if it is one. */
  endFrame(): string | undefined {
    const bytes = this.buffer.subarray(0, this.length);
    const overlong = this.overlong;
    this.length = 0;
    this.overlong = false;
    this.count.frames++;
    if (overlong) {
      this.count.droppedOverlong++;
      return undefined;
    }
    const cleaned = cleanFrame(bytes, this.strip);
    switch (cleaned.outcome) {
      case "code":
        this.count.codes++;
        return cleaned.code;
      case "empty":
        this.count.droppedEmpty++;
        return undefined;
      case "garbage":
        this.count.droppedGarbage++;
        return undefined;
    }
  }

  /** Removes the last character of the frame in progress (Backspace while typing by hand). */
  eraseLast(): void {
    if (this.overlong) return;
    // A UTF-8 character is its lead byte plus continuation bytes (10xxxxxx): remove all of them.
    while (this.length > 0 && ((this.buffer[this.length - 1] ?? 0) & 0xc0) === 0x80) this.length--;
    if (this.length > 0) this.length--;
  }

  /** Drops the frame in progress without reading it (a partial frame went stale). */
  discardPartial(): void {
    if (!this.pending) return;
    this.length = 0;
    this.overlong = false;
    this.count.frames++;
    this.count.droppedUnterminated++;
  }

  counters(): FramingCounters {
    return { ...this.count };
  }
}

function isPrintable(byte: number): boolean {
  return byte >= 0x20 && byte <= 0x7e;
}

type CleanedFrame =
  | { readonly outcome: "code"; readonly code: string }
  | { readonly outcome: "empty" | "garbage" };

/** The printable ASCII of one frame, trimmed and stripped of its affixes, unless noise dominates it. */
function cleanFrame(bytes: Uint8Array, strip: AffixRules): CleanedFrame {
  let printable = "";
  for (const byte of bytes) if (isPrintable(byte)) printable += String.fromCharCode(byte);
  const noise = bytes.length - printable.length;
  if (noise > bytes.length * maxNoiseShare) return { outcome: "garbage" };
  let code = printable.trim();
  const prefix = strip.prefixes.find((p) => code.startsWith(p));
  if (prefix !== undefined) code = code.slice(prefix.length);
  const suffix = strip.suffixes.find((s) => code.endsWith(s));
  if (suffix !== undefined) code = code.slice(0, code.length - suffix.length);
  code = code.trim();
  return code === "" ? { outcome: "empty" } : { outcome: "code", code };
}

/** The rules with the longest affixes first, so the first match is the longest one. */
function longestFirst(rules: AffixRules): AffixRules {
  const byLength = (list: readonly string[]) =>
    list.filter((affix) => affix !== "").toSorted((a, b) => b.length - a.length);
  return { prefixes: byLength(rules.prefixes), suffixes: byLength(rules.suffixes) };
}
