/**
 * Text that is safe to draw and measured the way the terminal draws it.
 *
 * Untrusted strings (product, variant, customer and store names, codes, the server's details) come
 * from imports, the central service and scanners. The one rule for blessed markup: every widget is
 * made with `tags: false` (blessedUi.ts `plainBox`), so a `{red-fg}` in a name is just text and
 * `safeText` leaves braces alone. What `safeText` removes, and why:
 * - Escape sequences (CSI such as `\x1b[31m`, OSC such as `\x1b]0;title\x07`, DCS/APC/PM/SOS
 *   strings, charset switches such as `\x1b(0`), 7-bit and 8-bit: blessed passes SGR through even
 *   with tags off, and the others would reach the real terminal (retitle it, switch it to line
 *   drawing, swallow the rest of the screen while an OSC is left open).
 * - C0/C1 controls and DEL: a newline, tab or CR would break the one-line layout; line breaks
 *   become a space.
 * - Format characters (bidi overrides and isolates, zero-width characters, soft hyphen, tag
 *   characters) and variation selectors: they reorder or hide what follows, or turn a one-cell
 *   symbol into a two-cell emoji.
 * - Characters shown as emoji by default (and lone surrogates) become `?`: terminals draw them two
 *   cells wide but blessed lays them out in one, which shifts the rest of the row.
 *
 * Widths come from blessed's own table (`unicode.charWidth`: CJK and full-width 2, combining 0), so
 * what we measure is what blessed lays out.
 */
import blessed from "blessed";

/** blessed's width table; @types/blessed does not declare the `unicode` module it exports. */
const { unicode } = blessed as unknown as { readonly unicode: { charWidth(text: string): number } };

const escapeSequence = new RegExp(
  [
    "\\x1b[\\]PX^_][\\s\\S]*?(?:\\x07|\\x1b\\\\|$)", // OSC, DCS, SOS, PM, APC strings (open ones to the end)
    "[\\x90\\x98\\x9d\\x9e\\x9f][\\s\\S]*?(?:\\x07|\\x9c|\\x1b\\\\|$)", // the same, 8-bit
    "(?:\\x1b\\[|\\x9b)[0-?]*[ -/]*[@-~]?", // CSI (SGR, cursor moves…)
    "\\x1b[ -/]*[0-~]?", // any other ESC sequence: charset switches, resets, lone ESC
  ].join("|"),
  "g",
);
const lineBreaks = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
const invisible = /[\p{Cc}\p{Cf}\p{Variation_Selector}]/gu;
const misdrawn = /[\p{Emoji_Presentation}\p{Cs}]/gu;

/** An untrusted string as plain, one-line text: nothing in it can style, move or retitle the terminal. */
export function safeText(text: string): string {
  return text
    .replace(escapeSequence, "")
    .replace(lineBreaks, " ")
    .replace(invisible, "")
    .replace(misdrawn, "?")
    .trim();
}

/** Cells the text takes on the terminal. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += unicode.charWidth(ch);
  return width;
}

const ellipsis = "…";

/** The text cut to at most `maxWidth` cells, with `…` where it was cut; a wide character is never split. */
export function truncate(text: string, maxWidth: number): string {
  if (displayWidth(text) <= maxWidth) return text;
  if (maxWidth <= 0) return "";
  return `${fitStart([...text], maxWidth - displayWidth(ellipsis))}${ellipsis}`;
}

/** Like `truncate`, but keeps the end (what was typed last) and cuts the start. */
export function truncateStart(text: string, maxWidth: number): string {
  if (displayWidth(text) <= maxWidth) return text;
  if (maxWidth <= 0) return "";
  const kept = [...fitStart([...text].reverse(), maxWidth - displayWidth(ellipsis))].reverse().join("");
  // Reversed, a combining mark comes before its base: one whose base was cut off goes too.
  return `${ellipsis}${kept.replace(/^\p{M}+/u, "")}`;
}

/** The text cut or padded with spaces to exactly `width` cells. */
export function padEnd(text: string, width: number): string {
  const cut = truncate(text, width);
  return `${cut}${" ".repeat(Math.max(0, width - displayWidth(cut)))}`;
}

/** The longest prefix of `chars` within `maxWidth` cells (combining marks stay with their base). */
function fitStart(chars: readonly string[], maxWidth: number): string {
  let out = "";
  let width = 0;
  for (const ch of chars) {
    const w = unicode.charWidth(ch);
    if (width + w > maxWidth) break;
    out += ch;
    width += w;
  }
  return out;
}

/** The text cut or padded on the left to exactly `width` cells (numbers in a column line up on the right). */
export function padStart(text: string, width: number): string {
  const cut = truncate(text, width);
  return `${" ".repeat(Math.max(0, width - displayWidth(cut)))}${cut}`;
}
