/**
 * Physical buttons act exactly like their keys (docs/protocol.md): confirm is Enter, cancel is Esc,
 * plus and minus change the quantity. The session decides what each means on its current screen.
 */
import type { FeedbackButton } from "./ports/feedback.js";

/** What a button can ask of the kiosk session. */
export interface ButtonTarget {
  confirm(): void;
  cancel(): void;
  changeQuantity(delta: number): void;
}

export function pressButton(target: ButtonTarget, button: FeedbackButton): void {
  switch (button) {
    case "confirm":
      target.confirm();
      return;
    case "cancel":
      target.cancel();
      return;
    case "plus":
      target.changeQuantity(1);
      return;
    case "minus":
      target.changeQuantity(-1);
      return;
  }
}
