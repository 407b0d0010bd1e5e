/**
 * Text for a printer in Chinese mode (FS &), where every byte ≥ 0x81 pairs with the next into a Big5
 * character (docs/hardware.md "ESC/POS and Traditional Chinese").
 *
 * Untrusted names (product, store, clerk) go through here and nowhere else, so they can never carry
 * printer commands: escape sequences and control characters are removed (ESC @, GS V, FS ., and the
 * real-time DLE EOT / DLE ENQ / DLE DC4 that printers obey even in the middle of other data), and
 * every character that cp950 cannot carry exactly becomes `?`. What comes out is printable ASCII
 * (0x20–0x7e) and Big5 pairs with a lead byte ≥ 0x81: no output byte is a C0 control.
 */
import iconv from "iconv-lite";

const replacement = "?";

/**
 * ECMA-48 escape sequences, removed whole so their parameters do not print as litter:
 * OSC/DCS/SOS/PM/APC strings with their terminator, CSI (ANSI colours, cursor moves), and the
 * other ESC sequences (ESC @, ESC ( B, ESC ! 0; an ESC/POS parameter that is a control byte, as in
 * ESC ! NUL, goes in the next pass). C1 introducers (0x9b, 0x9d…) count as ESC forms.
 * An unterminated string is not matched here; its introducer falls to the control-character pass
 * and the rest prints as plain text.
 */
const escapeSequences =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's purpose
  /(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]|\x1b[\x20-\x2f]*[\x30-\x7e]?/g;

/** Line breaks and tabs inside a name separate words: keep the gap, lose the control. */
const whitespaceControls = /[\t-\r\u0085\u2028\u2029]/g;

/** Whatever is left: C0, DEL, C1 (`Cc`) and invisible format characters such as bidi overrides (`Cf`). */
const invisibles = /[\p{Cc}\p{Cf}]/gu;

/**
 * iconv-lite encodes 十 and 卅 to their duplicates in the Big5 symbol block (A2CC, A2CE), which
 * printer fonts draw as Suzhou numerals; Microsoft's cp950 and every printer expect A451 and A4CA.
 */
const preferredCodes = new Map<string, Buffer>([
  ["十", Buffer.from([0xa4, 0x51])],
  ["卅", Buffer.from([0xa4, 0xca])],
]);

/** Removes escape sequences and control characters; keeps everything else as it was. */
export function cleanText(text: string): string {
  return text.replace(escapeSequences, "").replace(whitespaceControls, " ").replace(invisibles, "");
}

/**
 * The cp950 bytes of one character, or undefined when it has none that decode back to it (emoji,
 * ①, é, private-use characters) or when it is a control. A lone byte ≥ 0x80 would swallow the next
 * byte in Chinese mode, so only printable ASCII and two-byte codes with a Big5 lead byte pass.
 */
function encodeChar(char: string): Buffer | undefined {
  if (encodedChars.has(char)) return encodedChars.get(char);
  const bytes = encodeCharOnce(char);
  if (encodedChars.size < maxRemembered) encodedChars.set(char, bytes);
  return bytes;
}

/**
 * Laying out one slip encodes each character several times (widths, wrapping, the bytes), and an
 * iconv round trip costs microseconds: remembered, a slip's text costs almost nothing
 * (docs/performance.md). cp950 has about 13,500 characters; the cap keeps hostile text (every
 * emoji there is) from growing the map. The buffers are shared and never written to.
 */
const encodedChars = new Map<string, Buffer | undefined>();
const maxRemembered = 20_000;

function encodeCharOnce(char: string): Buffer | undefined {
  const preferred = preferredCodes.get(char);
  if (preferred !== undefined) return preferred;
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x80) return code >= 0x20 && code < 0x7f ? Buffer.from([code]) : undefined;
  const bytes = iconv.encode(char, "cp950");
  const lead = bytes[0] ?? 0;
  return bytes.length === 2 && lead >= 0x81 && iconv.decode(bytes, "cp950") === char ? bytes : undefined;
}

/** The cleaned text with every character the printer cannot show replaced by `?`: what will print. */
export function toPrintable(text: string): string {
  let printable = "";
  for (const char of cleanText(text)) printable += encodeChar(char) === undefined ? replacement : char;
  return printable;
}

/** The bytes to send in Chinese mode: the printable text in cp950. */
export function toCp950(text: string): Buffer {
  const chunks: Buffer[] = [];
  for (const char of toPrintable(text)) chunks.push(encodeChar(char) ?? Buffer.from(replacement));
  return Buffer.concat(chunks);
}

/** Columns the text takes on paper in font A: its cp950 byte count (2 for Chinese, 1 for ASCII). */
export function printedWidth(text: string): number {
  // Counted without building the bytes: layout asks this of every line, several times.
  let width = 0;
  for (const char of toPrintable(text)) width += encodeChar(char)?.length ?? replacement.length;
  return width;
}

export type Alignment = "left" | "center" | "right";

/** Pads printable text with spaces to `width` columns; text already as wide or wider is returned as is. */
export function padToWidth(text: string, width: number, alignment: Alignment): string {
  const gap = Math.max(0, width - printedWidth(text));
  const before = alignment === "right" ? gap : alignment === "center" ? Math.floor(gap / 2) : 0;
  return `${" ".repeat(before)}${text}${" ".repeat(gap - before)}`;
}

/**
 * Words of ASCII (broken after a dash, so codes and ids wrap at their dashes), runs of spaces, and
 * single other characters: Chinese text can break between any two characters.
 */
const wrapTokens = /[!-,.-~]+-?|-| +|./gu;

/**
 * Splits text into printable lines of at most `width` columns (width ≥ 2). Breaks at spaces, after
 * dashes and between Chinese characters; a word longer than a line is cut between characters.
 * A double-byte character is never split. Empty text gives no lines.
 */
export function wrapToWidth(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  let lineWidth = 0;
  const breakLine = (): void => {
    lines.push(line.trimEnd());
    line = "";
    lineWidth = 0;
  };
  for (const token of toPrintable(text).match(wrapTokens) ?? []) {
    const tokenWidth = printedWidth(token);
    const isSpace = token.startsWith(" ");
    if (isSpace && line === "") continue;
    if (lineWidth + tokenWidth <= width) {
      line += token;
      lineWidth += tokenWidth;
      continue;
    }
    if (line !== "") breakLine();
    if (isSpace) continue;
    for (const char of tokenWidth <= width ? [token] : [...token]) {
      const charWidth = printedWidth(char);
      if (lineWidth + charWidth > width) breakLine();
      line += char;
      lineWidth += charWidth;
    }
  }
  if (line.trim() !== "") lines.push(line.trimEnd());
  return lines;
}
