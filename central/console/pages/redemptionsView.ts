/**
 * 核銷紀錄's pages as pure functions of what they show: the filter form, a page of redemptions with
 * its total and paging, and one redemption opened with its ticket, order, sync state, verdict and
 * the 取消核銷 form. Every value is escaped by `html`.
 */
import { redemptionStates } from "../../store/consoleData.js";
import { page } from "../consolePages.js";
import { csrfField } from "../csrf.js";
import { consoleDataMessages } from "../data/consoleDataMessages.js";
import type { RedemptionDetail } from "../data/redemptionDetail.js";
import type { RedemptionListPage, RedemptionRow } from "../data/redemptionList.js";
import type { ConsoleVoidOutcome } from "../data/redemptionVoid.js";
import { type Html, html } from "../html.js";
import { ledgerPagesMessages } from "./ledgerPagesMessages.js";
import type { Visitor } from "./pageContext.js";
import { pagingLinks, type Trail } from "./paging.js";
import { queryString, resultsId, resultsTarget, selectField, textField } from "./queryForm.js";
import type { RedemptionForm } from "./redemptionFilter.js";
import type { VisibleStores } from "./visibleStores.js";

export function redemptionListPage(
  v: Visitor,
  form: RedemptionForm,
  stores: VisibleStores,
  list: RedemptionListPage,
  trail: Trail,
): Html {
  const t = ledgerPagesMessages[v.locale];
  const d = consoleDataMessages[v.locale];
  const f = form.fields;
  const anyYesNo = [
    { value: "", label: t.any },
    { value: "yes", label: t.yes },
    { value: "no", label: t.no },
  ];
  return page(
    v.shell("redemptions"),
    v.m.pages.redemptions,
    html`<form method="get" action="/redemptions" class="filters" hx-get="/redemptions" hx-trigger="submit, change" ${resultsTarget}>
${selectField(t.field.store, "store", [{ value: "", label: t.any }, ...stores.choices], f.store)}
${textField(t.field.device, "device", f.device)}
${textField(t.field.clerk, "clerk", f.clerk)}
${textField(t.field.product, "product", f.product)}
${textField(t.field.from, "from", f.from, "date")}
${textField(t.field.until, "until", f.until, "date")}
${selectField(t.field.state, "state", [{ value: "", label: t.any }, ...redemptionStates.map((state) => ({ value: state, label: d.redemptionState[state] }))], f.state)}
${selectField(t.field.offline, "offline", anyYesNo, f.offline)}
${selectField(t.field.conflict, "conflict", anyYesNo, f.conflict)}
<button>${t.filter}</button>
</form>
<div id="${resultsId}">
<p class="filters"><span data-testid="total">${t.total(list.total)}</span><a href="/redemptions.csv${queryString(f)}" download>${t.csv}</a></p>
${list.rows.length === 0 ? html`<p>${t.empty}</p>` : redemptionTable(v, stores, list.rows)}
${pagingLinks(t, "/redemptions", f, list.next, trail)}
</div>`,
  );
}

function redemptionTable(v: Visitor, stores: VisibleStores, rows: readonly RedemptionRow[]): Html {
  const t = ledgerPagesMessages[v.locale];
  const d = consoleDataMessages[v.locale];
  return html`<div class="scroll"><table class="wide"><thead><tr><th>${t.field.when}</th><th>${t.field.store}</th><th>${t.field.device}</th><th>${t.field.clerk}</th><th>${t.field.product}</th><th>${t.field.ticket}</th><th>${t.field.quantity}</th><th>${t.field.state}</th><th>${t.field.offline}</th><th>${t.field.slipRef}</th></tr></thead><tbody>
${rows.map(
  (
    row,
  ) => html`<tr data-id="${row.id}"><td>${v.formatTime(row.redeemedAt)}</td><td>${stores.name(row.storeId)}</td><td>${row.deviceId}</td><td>${row.clerkId ?? "—"}</td><td>${row.productName ?? "—"}</td><td>${row.ticketCode}</td><td>${row.quantity}</td>
<td class="${row.state === "accepted" ? "ok" : "bad"}" data-state="${row.state}">${d.redemptionState[row.state]}</td><td>${row.offline ? t.yes : ""}</td>
<td><a href="/redemptions/${row.id}">${row.slipRef}</a></td></tr>`,
)}
</tbody></table></div>`;
}

export function redemptionDetailPage(
  v: Visitor,
  stores: VisibleStores,
  detail: RedemptionDetail,
  outcome: ConsoleVoidOutcome["kind"] | undefined,
): Html {
  const t = ledgerPagesMessages[v.locale];
  const d = consoleDataMessages[v.locale];
  const { row, record, ticket, order, sync, voided } = detail;
  const item = (label: string, value: Html | readonly Html[] | string | number) =>
    html`<dt>${label}</dt><dd>${value}</dd>`;
  return page(
    v.shell("redemptions"),
    `${v.m.pages.redemptions} ${row.slipRef}`,
    html`${outcome === undefined ? "" : html`<p class="${outcome === "voided" ? "notice" : "problem"}" role="status" data-outcome="${outcome}">${d.void[outcome]}</p>`}
<p><a href="/redemptions">${t.back}</a></p>
<dl class="record">
${item(t.field.slipRef, row.slipRef)}
${item("id", row.id)}
${item(t.field.state, html`<b data-state="${row.state}">${d.redemptionState[row.state]}</b>`)}
${item(t.field.when, v.formatTime(row.redeemedAt))}
${item(t.field.store, stores.name(row.storeId))}
${item(t.field.device, row.deviceId)}
${item(t.field.clerk, row.clerkId ?? "—")}
${item(t.field.quantity, row.quantity)}
</dl>
<h2>${t.detail.ticket}</h2>
${
  ticket === undefined
    ? html`<p>${t.detail.noTicket} (${row.ticketCode})</p>`
    : html`<dl class="record">
${item(t.field.ticket, ticket.code)}
${item(t.field.product, [ticket.productName, ticket.variantName].filter((part) => part !== undefined).join(" "))}
${item(t.detail.used, `${ticket.redeemedUnits} / ${ticket.totalUnits}`)}
${item(t.detail.ticketStatus, t.detail.ticketStatuses[ticket.status])}
</dl>`
}
${
  order === undefined
    ? ""
    : html`<h2>${t.detail.order}</h2><dl class="record">
${item(t.detail.order, order.orderNumber)}
${item(t.detail.orderCreated, order.createdAt === undefined ? "—" : v.formatTime(order.createdAt))}
</dl>`
}
<h2>${t.detail.sync}</h2>
<dl class="record">
${item(t.field.offline, sync.offline ? t.detail.madeOffline : t.detail.madeOnline)}
${item(t.detail.deviceTime, v.formatTime(sync.deviceTime))}
${item(t.detail.clockSynced, sync.clockSynced ? t.yes : t.no)}
${item(t.field.received, html`${v.formatTime(sync.receivedAt)} (${t.detail.delay(sync.delayS)})`)}
${item(t.detail.verdict, d.redemptionState[record.status])}
${record.reason === undefined ? "" : item(t.detail.reason, t.detail.reasons[record.reason])}
${
  record.conflictWith === undefined
    ? ""
    : item(
        t.detail.conflictWith,
        record.conflictWith.map(
          (party) =>
            html`<a href="/redemptions/${party.id}">${party.id.slice(0, 8)}</a> (${party.deviceId}) `,
        ),
      )
}
</dl>
${
  voided === undefined
    ? record.status === "accepted" || record.status === "conflict"
      ? voidForm(v, row.id)
      : ""
    : html`<h2>${t.detail.voided}</h2><dl class="record">
${item(t.detail.voidReason, voided.reason)}
${item(t.field.when, v.formatTime(voided.at))}
</dl>`
}`,
  );
}

function voidForm(v: Visitor, id: string): Html {
  const t = ledgerPagesMessages[v.locale].detail;
  return html`<h2>${t.voidForm}</h2>
<form method="post" action="/redemptions/${id}/void" class="action">
<input type="hidden" name="${csrfField}" value="${v.csrfToken}">
<label>${t.voidReason}<input name="reason" required maxlength="500"></label>
<p>${t.voidHint}</p>
<button class="danger">${t.voidSubmit}</button>
</form>`;
}
