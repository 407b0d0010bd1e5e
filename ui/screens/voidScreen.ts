/**
 * 取消核銷 (supervisor only): choose a reason (a typed one for 其他 — the kiosk's console may have no
 * input method for Chinese, so the common reasons are ready-made), confirm with the supervisor's
 * PIN (the central service checks it; docs/security.md), and read the outcome: voided, or why not
 * (offline included: a void is only made online). The back office checks the role and the void
 * window; this screen only asks and shows. The PIN is forgotten once sent.
 */
import type { HistoryRow, VoidOutcome } from "../../device/backOffice.js";
import { type BackOfficeMessages, backOfficeCatalogues, type VoidReason } from "../backOfficeMessages.js";
import { safeText, truncate, truncateStart } from "../displayText.js";
import type { Key } from "../keys.js";
import { listKey } from "../menu.js";
import { catalogues } from "../messages.js";
import { bigBlock, fieldRows, titled } from "../presenters.js";
import { formatDateTime } from "../timeText.js";
import type { Block, Click, ScreenView, Tone } from "../view.js";
import { editedPin, pinEntry } from "./loginScreen.js";
import { productCell } from "./rowCells.js";
import type { Nav, Screen, ViewContext } from "./screen.js";
import { Task } from "./task.js";

const reasons: readonly VoidReason[] = ["quantity", "wrongTicket", "customer", "other"];
const maxReasonChars = 100;

/** `done`: the void was asked; its answer shows once it came. */
type Step = "reason" | "typing" | "confirm" | "done";

export class VoidScreen implements Screen {
  private step: Step = "reason";
  private cursor = 0;
  private typed = "";
  private pin = "";
  private missingReason = false;
  private outcome: VoidOutcome | undefined;
  private readonly task: Task;

  constructor(
    private readonly nav: Nav,
    private readonly row: HistoryRow,
  ) {
    this.task = new Task(() => nav.changed());
  }

  key(key: Key): boolean {
    if (this.task.running()) return true;
    switch (this.step) {
      case "reason":
        return this.reasonKey(key);
      case "typing":
        return this.typingKey(key);
      case "confirm":
        return this.confirmKey(key);
      case "done":
        // The outcome was read: any key goes back to the redemption, which reads itself afresh.
        if (key.kind !== "other") this.nav.back();
        return true;
    }
  }

  click(click: Click): void {
    if (this.step === "reason" && click.target === "reason" && click.index < reasons.length) {
      this.cursor = click.index;
      this.choose();
    }
  }

  view(context: ViewContext): ScreenView {
    const b = backOfficeCatalogues[context.locale];
    const m = catalogues[context.locale];
    const { columns } = context;
    const { redemption } = this.row;
    const blocks: Block[] = [
      fieldRows(
        [
          [b.redemption.fields.product, productCell(this.row)],
          [b.redemption.fields.time, formatDateTime(new Date(redemption.redeemedAt), context.timeZone)],
          [b.redemption.fields.quantity, String(redemption.quantity)],
        ],
        columns,
      ),
    ];
    let keys = "";
    switch (this.step) {
      case "reason":
        blocks.push({ kind: "lines", lines: [b.voiding.chooseReason] });
        blocks.push({
          kind: "list",
          rows: reasons.map((reason, index) => ({
            text: truncate(`${index + 1}  ${b.voiding.reasons[reason]}`, columns),
            click: { target: "reason", index },
          })),
          selected: this.cursor,
        });
        keys = b.voiding.keys;
        break;
      case "typing": {
        const label = `${b.voiding.reasonLabel}  `;
        blocks.push({
          kind: "entry",
          line: `${label}${truncateStart(`${this.typed}_`, columns - 8 - label.length)}`,
        });
        if (this.missingReason)
          blocks.push({ kind: "lines", lines: [b.voiding.reasonRequired], tone: "refused" });
        keys = b.voiding.typeKeys;
        break;
      }
      case "confirm":
        blocks.push(
          bigBlock([`⚠ ${b.voiding.confirm(redemption.quantity)}`, this.reason(b)], "attention", columns),
          pinEntry(b.voiding.pin, this.pin),
        );
        keys = b.voiding.confirmKeys;
        break;
      case "done": {
        if (this.task.running()) {
          blocks.push({ ...bigBlock([b.common.working], "neutral", columns), spinner: true });
          break;
        }
        const error = this.task.error();
        const result =
          error !== undefined
            ? { text: b.common.failed(error), tone: "refused" as Tone }
            : this.outcome === undefined
              ? undefined
              : { text: b.voiding.outcome[this.outcome], tone: outcomeTone(this.outcome) };
        if (result !== undefined) blocks.push(bigBlock([result.text], result.tone, columns));
        keys = b.common.anyKey;
        break;
      }
    }
    return {
      title: titled(m, b.voiding.title),
      blocks,
      keys: truncate(keys, columns),
      busy: this.task.running(),
    };
  }

  private reasonKey(key: Key): boolean {
    const move = listKey(key, this.cursor, reasons.length, true);
    if (move === undefined) return false;
    this.cursor = move.cursor;
    if (move.enter) this.choose();
    return true;
  }

  private typingKey(key: Key): boolean {
    switch (key.kind) {
      case "char": {
        const ch = safeText(key.ch);
        if (ch !== "" && [...this.typed].length < maxReasonChars) this.typed += ch;
        this.missingReason = false;
        return true;
      }
      case "backspace":
        this.typed = [...this.typed].slice(0, -1).join("");
        return true;
      case "enter":
        if (this.typed.trim() === "") this.missingReason = true;
        else this.step = "confirm";
        return true;
      case "escape":
        this.step = "reason";
        this.missingReason = false;
        return true;
      default:
        return false;
    }
  }

  private confirmKey(key: Key): boolean {
    const edited = editedPin(this.pin, key);
    if (edited !== undefined) {
      this.pin = edited;
      return true;
    }
    switch (key.kind) {
      case "enter":
        if (this.pin !== "") this.submit();
        return true;
      case "escape":
        this.pin = "";
        this.step = reasons[this.cursor] === "other" ? "typing" : "reason";
        return true;
      default:
        return true;
    }
  }

  private choose(): void {
    this.step = reasons[this.cursor] === "other" ? "typing" : "confirm";
  }

  /** The reason as sent: the ready-made one in the language on screen, or what was typed. */
  private reason(b: BackOfficeMessages): string {
    const reason = reasons[this.cursor] ?? "other";
    return reason === "other" ? this.typed.trim() : b.voiding.reasons[reason];
  }

  private submit(): void {
    const reason = this.reason(backOfficeCatalogues[this.nav.locale()]);
    const pin = this.pin;
    this.pin = "";
    this.task.run(
      () => this.nav.backOffice.voidRedemption(this.row.redemption.id, reason, pin),
      (outcome) => {
        this.outcome = outcome;
      },
    );
    this.step = "done";
  }
}

function outcomeTone(outcome: VoidOutcome): Tone {
  switch (outcome) {
    case "voided":
      return "ok";
    case "not_synced":
      return "attention";
    case "offline":
    case "wrong_pin":
    case "pin_locked":
    case "not_found":
    case "not_permitted":
    case "unknown_clerk":
    case "void_window_passed":
    case "not_redeemed":
    case "already_voided":
      return "refused";
  }
}
