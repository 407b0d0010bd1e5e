/**
 * Digits five rows tall for self-service (a customer reads the quantity at arm's length). The
 * terminal's own font cannot grow, so each digit is drawn with full blocks, every pixel two cells
 * wide because a cell is about twice as tall as it is wide. `█` is East Asian "ambiguous" width:
 * like the box-drawing borders, it takes one cell on the consoles the kiosk runs on (docs/hardware.md).
 */
const font: Readonly<Record<string, readonly string[]>> = {
  "0": ["###", "# #", "# #", "# #", "###"],
  "1": [" # ", "## ", " # ", " # ", "###"],
  "2": ["###", "  #", "###", "#  ", "###"],
  "3": ["###", "  #", "###", "  #", "###"],
  "4": ["# #", "# #", "###", "  #", "  #"],
  "5": ["###", "#  ", "###", "  #", "###"],
  "6": ["###", "#  ", "###", "# #", "###"],
  "7": ["###", "  #", "  #", "  #", "  #"],
  "8": ["###", "# #", "###", "# #", "###"],
  "9": ["###", "# #", "###", "  #", "###"],
};

const bigDigitRows = 5;

/** A whole number as five lines of blocks; every line has the same width. */
export function bigDigits(value: number): string[] {
  const glyphs = String(Math.max(0, Math.trunc(value)))
    .split("")
    .map((digit) => font[digit] ?? []);
  return Array.from({ length: bigDigitRows }, (_, row) =>
    glyphs.map((glyph) => (glyph[row] ?? "").replaceAll("#", "██").replaceAll(" ", "  ")).join("  "),
  );
}
