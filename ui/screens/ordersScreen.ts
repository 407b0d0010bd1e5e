/**
 * 票券訂單 with 進階搜尋 (docs/domain.md §2): every ticket of the local copy, newest orders
 * first, a page at a time; Tab opens the search form (order number, code or its start, customer
 * name, phone or its last digits, product, status, order date range); Enter on a row opens the
 * order's 詳細訂單內容. Works offline: the back office searches the kiosk's own snapshot.
 */
import type { TicketQuery, TicketRow } from "../../device/backOffice.js";
import type { BackOfficeMessages } from "../backOfficeMessages.js";
import { layoutTable } from "../table.js";
import { FilteredListScreen } from "./filteredList.js";
import { dateRange, type FieldSpec, optionalText } from "./form.js";
import { standingTone, ticketCells, ticketStanding } from "./rowCells.js";
import type { Nav } from "./screen.js";

type Filters = Omit<TicketQuery, "page" | "pageSize">;

/** The status field's choices, in the order `fields` lists their labels. */
const statusValues = [undefined, "redeemable", "used_up", "active", "voided", "refunded"] as const;

function fields(b: BackOfficeMessages): FieldSpec[] {
  const f = b.orders.fields;
  const s = b.orders.statusChoice;
  return [
    { id: "orderNumber", label: f.orderNumber, kind: "text", maxChars: 64 },
    { id: "codePrefix", label: f.codePrefix, kind: "text", maxChars: 64, accepts: /^[A-Za-z0-9-]$/ },
    { id: "customerName", label: f.customerName, kind: "text", maxChars: 40 },
    { id: "phoneDigits", label: f.phoneDigits, kind: "text", maxChars: 20, accepts: /^[0-9]$/ },
    { id: "product", label: f.product, kind: "text", maxChars: 40 },
    {
      id: "status",
      label: f.status,
      kind: "choice",
      choices: [b.common.all, s.redeemable, s.used_up, s.active, s.voided, s.refunded],
    },
    { id: "from", label: f.from, kind: "text", maxChars: 10, accepts: /^[0-9-]$/, hint: b.common.dateHint },
    { id: "to", label: f.to, kind: "text", maxChars: 10, accepts: /^[0-9-]$/, hint: b.common.dateHint },
  ];
}

export function ordersScreen(nav: Nav): FilteredListScreen<TicketRow, Filters> {
  return new FilteredListScreen<TicketRow, Filters>(
    nav,
    {
      title: (b) => b.orders.title,
      formTitle: (b) => b.orders.searchTitle,
      unfiltered: (b) => b.orders.allTickets,
      filtered: (b, summary) => b.orders.filtered(summary),
      keys: (b) => b.orders.keys,
      formKeys: (b) => b.orders.formKeys,
      fields,
      filters: (form) => {
        const phone = optionalText(form, "phoneDigits");
        if (phone !== undefined && phone.length < 3) return "phoneTooShort";
        const range = dateRange(form, "from", "to", nav.timeZone);
        if (typeof range === "string") return range;
        return {
          orderNumber: optionalText(form, "orderNumber"),
          codePrefix: optionalText(form, "codePrefix"),
          customerName: optionalText(form, "customerName"),
          phoneDigits: phone,
          product: optionalText(form, "product"),
          status: statusValues[form.choice("status")],
          ...range,
        };
      },
      fetch: (filters, request) => nav.backOffice.searchTickets({ ...filters, ...request }),
      table: (rows, b, context) => {
        const c = b.orders.columns;
        return layoutTable(
          [
            { header: c.order, max: 12 },
            { header: c.product, flex: true },
            { header: c.customer, max: 16 },
            { header: c.left, align: "right" },
            { header: c.standing, max: 10 },
          ],
          rows.map((row) => ticketCells(row, b, context.now)),
          context.columns,
        );
      },
      tones: (rows, context) =>
        rows.map((row) => standingTone(ticketStanding(row.ticket, row.remaining, context.now))),
      open: (row) => nav.openOrder(row.ticket.orderNumber),
    },
    {},
  );
}
