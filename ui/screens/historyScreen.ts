/**
 * 核銷紀錄 (docs/domain.md §2): this store's redemptions on this kiosk, newest first, with offline and
 * conflict marks; Tab filters by date, clerk, product, state and ticket code; Enter opens one.
 *
 * A clerk with the `redeem` role sees only their own redemptions, and no clerk filter. The roles
 * (docs/domain.md §1) keep history for supervisors because it shows other customers' orders; a clerk's own
 * redemptions are customers they served themselves, and "did that one go through?" — after the
 * result screen timed out, or a slip jammed — is the one question a clerk must answer alone.
 */
import type { ClerkSession, HistoryQuery, HistoryRow, HistoryState } from "../../device/backOffice.js";
import type { BackOfficeMessages } from "../backOfficeMessages.js";
import { safeText } from "../displayText.js";
import { layoutTable } from "../table.js";
import { FilteredListScreen } from "./filteredList.js";
import { dateRange, type FieldSpec, optionalText } from "./form.js";
import { RedemptionScreen } from "./redemptionScreen.js";
import { historyCells, historyTone } from "./rowCells.js";
import type { Nav } from "./screen.js";

type Filters = Omit<HistoryQuery, "page" | "pageSize">;

const states: readonly HistoryState[] = ["synced", "pending", "conflict", "rejected", "voided", "attention"];

export function historyScreen(nav: Nav): FilteredListScreen<HistoryRow, Filters> {
  const clerk = nav.clerk();
  const own: ClerkSession | undefined = clerk?.role === "supervisor" ? undefined : clerk;
  const clerks = own === undefined ? nav.backOffice.clerks() : [];
  const fields = (b: BackOfficeMessages): FieldSpec[] => {
    const f = b.history.fields;
    const dates = { kind: "text", maxChars: 10, accepts: /^[0-9-]$/, hint: b.common.dateHint } as const;
    return [
      { id: "from", label: f.from, ...dates },
      { id: "to", label: f.to, ...dates },
      ...(own === undefined
        ? [
            {
              id: "clerk",
              label: f.clerk,
              kind: "choice" as const,
              choices: [b.common.all, ...clerks.map((c) => safeText(c.name))],
            },
          ]
        : []),
      { id: "product", label: f.product, kind: "text", maxChars: 40 },
      {
        id: "state",
        label: f.state,
        kind: "choice",
        choices: [b.common.all, ...states.map((s) => b.state[s])],
      },
      { id: "ticketCode", label: f.ticketCode, kind: "text", maxChars: 64, accepts: /^[A-Za-z0-9-]$/ },
    ];
  };
  return new FilteredListScreen<HistoryRow, Filters>(
    nav,
    {
      title: (b) => (own === undefined ? b.history.title : b.history.ownTitle),
      formTitle: (b) => (own === undefined ? b.history.title : b.history.ownTitle),
      unfiltered: (b) => (own === undefined ? b.history.all : b.history.ownAll),
      filtered: (b, summary) => b.history.filtered(summary),
      keys: (b) => b.history.keys,
      formKeys: (b) => b.history.formKeys,
      fields,
      filters: (form) => {
        const range = dateRange(form, "from", "to", nav.timeZone);
        if (typeof range === "string") return range;
        return {
          ...range,
          clerkId: own?.id ?? clerks[form.choice("clerk") - 1]?.id,
          product: optionalText(form, "product"),
          state: states[form.choice("state") - 1],
          ticketCode: optionalText(form, "ticketCode"),
        };
      },
      fetch: (filters, request) => nav.backOffice.history({ ...filters, ...request }),
      table: (rows, b, context) => {
        const c = b.history.columns;
        return layoutTable(
          [
            { header: c.time },
            { header: c.order, max: 10 },
            { header: c.product, flex: true },
            { header: c.quantity, align: "right" },
            { header: c.clerk, max: 10 },
            { header: c.state, max: 14 },
          ],
          rows.map((row) => historyCells(row, b, context.timeZone)),
          context.columns,
        );
      },
      tones: (rows) => rows.map(historyTone),
      open: (row) => nav.open(new RedemptionScreen(nav, row)),
    },
    own === undefined ? {} : { clerkId: own.id },
  );
}
