/** The text of views as a person reads it, for tests that assert on what is shown and how wide it is. */
import { displayWidth } from "../../../ui/displayText.js";
import { bigFrameCells } from "../../../ui/presenters.js";
import type { Block, ScreenView } from "../../../ui/view.js";

/** The lines of one block, each with the cells it takes (big and entry lines with their frame). */
export function blockLines(block: Block): { text: string; cells: number }[] {
  const plain = (text: string) => ({ text, cells: displayWidth(text) });
  switch (block.kind) {
    case "lines":
      return block.lines.map(plain);
    case "entry":
      return [{ text: block.line, cells: displayWidth(block.line) + bigFrameCells }];
    case "big":
      return block.lines.map((text) => ({ text, cells: displayWidth(text) + bigFrameCells }));
    case "list":
      return [
        ...(block.header === undefined ? [] : [block.header]),
        ...block.rows.map((row) => row.text),
      ].map(plain);
    case "tabs":
      return [plain(block.tabs.map((tab) => ` ${tab.label} `).join("  "))];
    case "buttons":
      return [plain(block.buttons.map((button) => `[ ${button.label} ]`).join("  "))];
  }
}

export const shownLines = (view: ScreenView) => view.blocks.flatMap(blockLines);

export const allText = (view: ScreenView) =>
  [view.title, view.keys, ...shownLines(view).map((l) => l.text)].join("\n");
