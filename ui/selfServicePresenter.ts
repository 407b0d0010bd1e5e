/**
 * The redemption flow for a customer at a self-service kiosk (docs/domain.md §2): only scan → ticket →
 * confirm (capped) → result, in big type, showing nothing about the customer or the order — the
 * next person in the queue reads the screen too. The code is masked as everywhere.
 */
import { maskCode } from "../device/domain.js";
import type { SessionScreen } from "../device/kioskSession.js";
import { bigDigits } from "./bigDigits.js";
import { safeText, truncate } from "./displayText.js";
import { catalogues } from "./messages.js";
import {
  bigBlock,
  type FlowContext,
  fieldRows,
  outcomeLook,
  outcomeText,
  presentScreen,
  productName,
  quantityRangeText,
  quantityRefusedBlock,
  titled,
  validityText,
  waitingBlock,
} from "./presenters.js";
import type { Block, FlowButton, ScreenView } from "./view.js";

/** `printsSlips`: a printer is configured, so a redeemed ticket ends with "take your slip". */
export function presentSelfService(
  screen: SessionScreen,
  context: FlowContext,
  printsSlips: boolean,
): ScreenView {
  if (screen.kind === "working" || screen.kind === "switch")
    return presentScreen(screen, { ...context, typed: "" });
  const view = customerView(screen, context, printsSlips);
  const waiting = waitingBlock(catalogues[context.locale], context);
  return waiting === undefined ? view : { ...view, blocks: [...view.blocks, waiting] };
}

function customerView(
  screen: Exclude<SessionScreen, { kind: "working" | "switch" }>,
  context: FlowContext,
  printsSlips: boolean,
): ScreenView {
  const m = catalogues[context.locale];
  const columns = context.columns ?? 80;
  switch (screen.kind) {
    case "scan":
      return {
        title: titled(m, m.title.scan),
        blocks: [bigBlock(m.selfService.scanPrompt, "neutral", columns)],
        keys: "",
        busy: false,
      };
    case "confirm":
      return {
        title: titled(m, m.title.confirm),
        blocks: [
          fieldRows(
            [
              [m.field.product, productName(screen.ticket)],
              [m.field.validity, validityText(m, screen.ticket, context.timeZone)],
              [m.field.remainingTotal, `${screen.remaining} / ${screen.ticket.totalUnits}`],
            ],
            columns,
          ),
          bigBlock(
            [...bigDigits(screen.quantity), `${m.field.quantity}　${quantityRangeText(m, screen)}`],
            "neutral",
            columns,
          ),
          ...quantityRefusedBlock(m, screen, columns),
          buttons([
            [m.selfService.buttons.minus, "minus"],
            [m.selfService.buttons.plus, "plus"],
            [m.selfService.buttons.confirm, "confirm"],
            [m.selfService.buttons.cancel, "cancel"],
          ]),
        ],
        keys: truncate(m.selfService.confirmKeys, columns),
        busy: false,
      };
    case "result": {
      const { decision } = screen;
      const look = outcomeLook(decision.outcome, decision.offline);
      const ok = decision.outcome === "ok";
      const rows: [string, string][] = [];
      if (decision.ticket !== undefined) rows.push([m.field.product, productName(decision.ticket)]);
      rows.push([m.field.code, maskCode(safeText(decision.code))]);
      if (ok) rows.push([m.field.redeemedNow, String(decision.quantity)]);
      if (decision.ticket !== undefined && decision.remaining !== undefined) {
        rows.push([m.field.remainingTotal, `${decision.remaining} / ${decision.ticket.totalUnits}`]);
      }
      const headline = [`${look.glyph} ${outcomeText(m, decision)}`];
      // A customer cannot fix anything here: a refusal, or a slip that did not print, sends them to staff.
      if (!ok) headline.push(m.selfService.askStaff);
      else if (screen.slipWaiting === true) headline.push(m.selfService.slipWaiting);
      else if (printsSlips) headline.push(m.selfService.takeSlip);
      return {
        title: titled(m, m.title.result),
        blocks: [
          bigBlock(headline, look.tone, columns),
          fieldRows(rows, columns),
          buttons([[m.selfService.buttons.next, "cancel"]]),
        ],
        keys: truncate(m.selfService.resultKeys, columns),
        busy: false,
      };
    }
  }
}

/** Touch targets for what the keys do; a customer at a touch screen has no keyboard. */
function buttons(list: readonly (readonly [string, FlowButton])[]): Block {
  return {
    kind: "buttons",
    buttons: list.map(([label, target]) => ({ label, click: { target, index: 0 } })),
  };
}
