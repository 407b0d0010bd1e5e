/**
 * A list's "print it" action (日結, 例外清單): one print at a time, and a line under the screen
 * saying it is being sent, was queued, or why not.
 */
import type { ReprintOutcome } from "../../device/backOffice.js";
import type { BackOfficeMessages } from "../backOfficeMessages.js";
import { truncate } from "../displayText.js";
import type { Block } from "../view.js";
import { Task } from "./task.js";

export class PrintAction {
  private readonly task: Task;
  private outcome: ReprintOutcome | undefined;

  constructor(changed: () => void) {
    this.task = new Task(changed);
  }

  running(): boolean {
    return this.task.running();
  }

  /** Asks for the print unless one is on its way already (a second key press prints nothing more). */
  run(print: () => Promise<ReprintOutcome>): void {
    if (this.task.running()) return;
    this.task.run(print, (outcome) => {
      this.outcome = outcome;
    });
  }

  /** What was printed no longer is what is shown (another day). */
  forget(): void {
    this.outcome = undefined;
  }

  /** The notice line, in the words `said` gives each outcome; none before anything was asked. */
  notice(
    b: BackOfficeMessages,
    said: Readonly<Record<ReprintOutcome, string>>,
    columns: number,
  ): Block | undefined {
    const error = this.task.error();
    const { text, tone } = this.task.running()
      ? { text: b.common.working, tone: undefined }
      : error !== undefined
        ? { text: b.common.failed(error), tone: "refused" as const }
        : this.outcome === undefined
          ? { text: undefined, tone: undefined }
          : {
              text: said[this.outcome],
              tone: this.outcome === "queued" ? ("ok" as const) : ("refused" as const),
            };
    if (text === undefined) return undefined;
    return { kind: "lines", lines: [truncate(text, columns)], tone, spinner: this.task.running() };
  }
}
