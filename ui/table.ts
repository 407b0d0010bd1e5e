/**
 * Columns lined up by display width (a CJK character takes two cells), for every list on screen.
 * Fixed columns take what their widest cell needs, up to their cap; the one flexible column (a
 * product name) takes what is left and is cut with `…`. Cells must already be safe text.
 */
import { displayWidth, padEnd, padStart } from "./displayText.js";

export interface Column {
  readonly header: string;
  /** Cells this column may take at most (not for the flexible column). */
  readonly max?: number | undefined;
  /** Takes the width the others leave. */
  readonly flex?: boolean | undefined;
  readonly align?: "left" | "right" | undefined;
}

export interface TableText {
  readonly header: string;
  readonly rows: readonly string[];
}

const gap = "  ";
/** The flexible column never shrinks below this, even if the line must then be cut. */
const minFlexWidth = 6;

export function layoutTable(
  columns: readonly Column[],
  cells: readonly (readonly string[])[],
  width: number,
): TableText {
  const natural = columns.map((column, i) =>
    Math.max(displayWidth(column.header), ...cells.map((row) => displayWidth(row[i] ?? ""))),
  );
  const widths = columns.map((column, i) =>
    column.flex ? 0 : Math.min(natural[i] ?? 0, column.max ?? Number.POSITIVE_INFINITY),
  );
  const fixed = widths.reduce((sum, w) => sum + w, 0) + gap.length * (columns.length - 1);
  const flexIndex = columns.findIndex((column) => column.flex);
  if (flexIndex >= 0) {
    widths[flexIndex] = Math.max(minFlexWidth, Math.min(natural[flexIndex] ?? 0, width - fixed));
  }
  const line = (row: readonly string[]) =>
    padEnd(
      columns
        .map((column, i) => {
          const cellWidth = widths[i] ?? 0;
          return column.align === "right"
            ? padStart(row[i] ?? "", cellWidth)
            : padEnd(row[i] ?? "", cellWidth);
        })
        .join(gap)
        .trimEnd(),
      width,
    ).trimEnd();
  return { header: line(columns.map((column) => column.header)), rows: cells.map(line) };
}

/**
 * Which rows of a list to show when they do not all fit: a window of `visible` rows that keeps the
 * cursor in view, centred where it can be.
 */
export function visibleWindow(
  count: number,
  cursor: number,
  visible: number,
): { start: number; end: number } {
  const size = Math.max(1, visible);
  if (count <= size) return { start: 0, end: count };
  const start = Math.max(0, Math.min(cursor - Math.floor(size / 2), count - size));
  return { start, end: start + size };
}
