/**
 * Blocks (view.ts) as blessed boxes. Nothing here decides what a person reads — the presenters
 * did — only where it goes and in which colour.
 *
 * The one rule for untrusted text: every box is made with `tags: false` (`plainBox`), so a `{red-fg}`
 * in a name is just text; presenters already removed escape sequences (displayText.ts `safeText`).
 * A clickable row is a box of its own and a direct child of the body, which is cleared on each
 * draw: blessed forgets a clickable box only when it is removed from its own parent.
 */
import blessed, { type Widgets } from "blessed";
import { displayWidth, padEnd } from "./displayText.js";
import { bigFrameCells } from "./presenters.js";
import type { Block, Click, RowTone, Tone } from "./view.js";

export const toneColour: Readonly<Record<Tone, string>> = {
  ok: "green",
  refused: "red",
  attention: "yellow",
};

const rowColour: Readonly<Record<RowTone, string>> = { ...toneColour, muted: "grey" };

/** The one way boxes are made: blessed tags are never parsed, so untrusted `{…}` stays text. */
export function plainBox(parent: Widgets.Node, options: Widgets.BoxOptions): Widgets.BoxElement {
  return blessed.box({ ...options, parent, tags: false });
}

export function blockHeight(block: Block): number {
  switch (block.kind) {
    case "lines":
      return block.lines.length;
    case "entry":
      return 3;
    case "big":
      return block.lines.length + 4;
    case "list":
      return block.rows.length + (block.header === undefined ? 0 : 1);
    case "tabs":
      return 1;
    case "buttons":
      return 3;
  }
}

export interface Placement {
  readonly top: number;
  readonly columns: number;
  /** The spinner's current frame ("" before 300 ms), for blocks that ask for it. */
  readonly spinner: string;
  /** Large type (self-service): framed blocks stand out more. */
  readonly large: boolean;
  readonly onClick: (click: Click) => void;
}

export function drawBlock(body: Widgets.BoxElement, block: Block, place: Placement): void {
  const { top, columns, spinner } = place;
  const height = blockHeight(block);
  switch (block.kind) {
    case "lines": {
      const lines = block.spinner === true ? withSpinner(block.lines, spinner) : block.lines;
      plainBox(body, {
        top,
        left: 0,
        right: 0,
        height,
        content: lines.join("\n"),
        ...(block.tone === undefined ? {} : { style: { fg: toneColour[block.tone], bold: true } }),
      });
      return;
    }
    case "entry":
      plainBox(body, {
        top,
        left: 0,
        right: 0,
        height,
        border: { type: "line" },
        padding: { left: 2, right: 2 },
        content: block.line,
      });
      return;
    case "big": {
      const lines = block.spinner === true ? withSpinner(block.lines, spinner) : block.lines;
      const colour = block.tone === "neutral" ? "white" : toneColour[block.tone];
      const contentWidth = Math.max(place.large ? 40 : 24, ...lines.map(displayWidth));
      plainBox(body, {
        top,
        left: "center",
        width: Math.min(contentWidth + bigFrameCells, columns),
        height,
        border: { type: place.large ? "bg" : "line" },
        padding: { left: 2, right: 2, top: 1, bottom: 1 },
        align: "center",
        content: lines.join("\n"),
        style: { fg: colour, bold: true, border: { fg: colour, bg: colour } },
      });
      return;
    }
    case "list": {
      let row = top;
      if (block.header !== undefined) {
        plainBox(body, {
          top: row,
          left: 0,
          right: 0,
          height: 1,
          content: block.header,
          style: { underline: true, bold: true },
        });
        row += 1;
      }
      block.rows.forEach((line, index) => {
        const selected = index === block.selected;
        const colour = line.tone === undefined ? undefined : rowColour[line.tone];
        const box = plainBox(body, {
          top: row + index,
          left: 0,
          right: 0,
          height: 1,
          // Padded to the width, so the selected row is a full bar.
          content: padEnd(line.text, columns),
          style: selected
            ? { inverse: true, bold: true, ...(colour === undefined ? {} : { fg: colour }) }
            : colour === undefined
              ? {}
              : { fg: colour },
        });
        const { click } = line;
        if (click !== undefined) box.on("click", () => place.onClick(click));
      });
      return;
    }
    case "buttons": {
      const widths = block.buttons.map((button) => displayWidth(button.label) + 6);
      const total = widths.reduce((sum, width) => sum + width, 0) + 2 * (widths.length - 1);
      let left = Math.max(0, Math.floor((columns - total) / 2));
      block.buttons.forEach((button, index) => {
        const width = widths[index] ?? 0;
        const box = plainBox(body, {
          top,
          left,
          width,
          height,
          border: { type: "line" },
          align: "center",
          content: button.label,
          style: { bold: true, border: { fg: "cyan" } },
        });
        box.on("click", () => place.onClick(button.click));
        left += width + 2;
      });
      return;
    }
    case "tabs": {
      let left = 0;
      for (const tab of block.tabs) {
        const label = ` ${tab.label} `;
        const box = plainBox(body, {
          top,
          left,
          width: displayWidth(label),
          height: 1,
          content: label,
          style: tab.active ? { inverse: true, bold: true } : { underline: true },
        });
        box.on("click", () => place.onClick(tab.click));
        left += displayWidth(label) + 2;
      }
      return;
    }
  }
}

function withSpinner(lines: readonly string[], spinner: string): readonly string[] {
  return lines.map((line, i) => (i === 0 ? `${line}${spinner}` : line));
}
