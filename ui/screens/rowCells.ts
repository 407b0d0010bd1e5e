/**
 * The cells of each kind of row as a clerk reads them, shared by the lists that show them:
 * tickets (票券訂單, 未核銷) and redemptions (核銷紀錄, 已核銷, 例外清單). Every untrusted string goes
 * through `safeText`; codes, names and phones are masked.
 */
import type { HistoryRow, TicketRow } from "../../device/backOffice.js";
import { maskCode, maskName, maskPhone, type Ticket } from "../../device/domain.js";
import type { BackOfficeMessages, TicketStanding } from "../backOfficeMessages.js";
import { safeText } from "../displayText.js";
import { productName } from "../presenters.js";
import { formatDate, formatShortDateTime } from "../timeText.js";
import type { RowTone } from "../view.js";

/** Whether a ticket can be redeemed now and, if not, the first reason a clerk would give. */
export function ticketStanding(ticket: Ticket, remaining: number, now: Date): TicketStanding {
  if (ticket.status === "voided" || ticket.status === "refunded") return ticket.status;
  if (ticket.validFrom !== undefined && Date.parse(ticket.validFrom) > now.getTime()) return "not_yet_valid";
  if (ticket.validUntil !== undefined && Date.parse(ticket.validUntil) < now.getTime()) return "expired";
  return remaining > 0 ? "redeemable" : "used_up";
}

export function standingTone(standing: TicketStanding): RowTone | undefined {
  return standing === "redeemable" ? undefined : "muted";
}

/** A code in a list: its last four characters after three stars (a list has no room for all of them). */
export function codeCell(code: string): string {
  return maskCode(safeText(code)).replace(/^\*{4,}/, "***");
}

/** 陳** ***678: the masked name and the phone's last digits (a list has no room for all the stars). */
export function customerCell(customer: Ticket["customer"]): string {
  const text =
    `${maskName(safeText(customer.name))} ${maskPhone(customer.phone).replace(/^\*{4,}/, "***")}`.trim();
  return text === "" ? "-" : text;
}

/** 訂單編號, 商品, 顧客, 剩餘/總數, 狀態 */
export function ticketCells(row: TicketRow, b: BackOfficeMessages, now: Date): string[] {
  const { ticket, remaining } = row;
  return [
    safeText(ticket.orderNumber),
    productName(ticket),
    customerCell(ticket.customer),
    `${remaining}/${ticket.totalUnits}`,
    b.standing[ticketStanding(ticket, remaining, now)],
  ];
}

/** 票券代碼, 商品, 剩餘/總數, 有效至, 狀態 (an order's own tickets: the customer is in the heading). */
export function orderTicketCells(
  row: TicketRow,
  b: BackOfficeMessages,
  now: Date,
  timeZone: string,
): string[] {
  const { ticket, remaining } = row;
  return [
    codeCell(ticket.code),
    productName(ticket),
    `${remaining}/${ticket.totalUnits}`,
    ticket.validUntil === undefined ? "-" : formatDate(new Date(ticket.validUntil), timeZone),
    b.standing[ticketStanding(ticket, remaining, now)],
  ];
}

/** The state a clerk understands, with the offline mark of a redemption taken offline. */
export function stateCell(row: HistoryRow, b: BackOfficeMessages): string {
  const state = b.state[row.state];
  return row.redemption.offline ? `${state} ${b.offlineMark}` : state;
}

export function historyTone(row: HistoryRow): RowTone | undefined {
  switch (row.state) {
    case "attention":
    case "conflict":
    case "rejected":
      return "attention";
    case "voided":
      return "muted";
    case "synced":
    case "pending":
      return undefined;
  }
}

export function clerkCell(row: HistoryRow): string {
  const name = row.clerkName ?? row.redemption.clerkId;
  return name === undefined ? "-" : safeText(name);
}

export function productCell(row: HistoryRow): string {
  return row.productName === undefined ? "-" : safeText(row.productName);
}

/** 時間, 訂單編號, 商品, 數量, 店員, 狀態 */
export function historyCells(row: HistoryRow, b: BackOfficeMessages, timeZone: string): string[] {
  return [
    formatShortDateTime(new Date(row.redemption.redeemedAt), timeZone),
    row.orderNumber === undefined ? "-" : safeText(row.orderNumber),
    productCell(row),
    String(row.redemption.quantity),
    clerkCell(row),
    stateCell(row, b),
  ];
}
