/**
 * 票券與訂單 as pure functions of what it shows: the search form and its results, one ticket with
 * its units, order and redemptions, and the upload form of an import (hq only). Every value is
 * escaped by `html`.
 */
import type { Ticket } from "../../../device/domain.js";
import type { TicketSearch } from "../../store/consoleData.js";
import { csrfField } from "../csrf.js";
import type { ConsoleDataMessages } from "../data/consoleDataMessages.js";
import type { TicketDetail, TicketSearchOutcome } from "../data/ticketSearch.js";
import { type Html, html } from "../html.js";
import type { PageMessages } from "./pageMessages.js";

export const searchKinds: readonly TicketSearch["kind"][] = ["code", "order", "phone", "name"];

export interface SearchView {
  readonly search: TicketSearch | undefined;
  readonly outcome: TicketSearchOutcome | undefined;
}

export function ticketPath(code: string): string {
  return `/tickets/${encodeURIComponent(code)}`;
}

export function searchSection(p: PageMessages, view: SearchView): Html {
  const t = p.tickets;
  const kind = view.search?.kind ?? "code";
  return html`<form method="get" action="/tickets" class="filters">
<select name="kind" aria-label="${t.search}">${searchKinds.map((k) => html`<option value="${k}"${k === kind ? html` selected` : ""}>${t.searchKind[k]}</option>`)}</select>
<input name="q" value="${view.search?.term ?? ""}" placeholder="${t.searchKind[kind]}" inputmode="search">
<button>${t.search}</button></form>
${view.outcome === undefined || view.search === undefined ? "" : results(p, view.search, view.outcome)}`;
}

function results(p: PageMessages, search: TicketSearch, outcome: TicketSearchOutcome): Html {
  const t = p.tickets;
  if (outcome.kind === "term_too_short") return html`<p class="problem" role="alert">${t.termTooShort}</p>`;
  if (outcome.tickets.length === 0) return html`<p>${t.none}</p>`;
  const query = `kind=${search.kind}&q=${encodeURIComponent(search.term)}`;
  return html`<table class="wide" data-testid="ticket-results"><thead><tr><th>${t.code}</th><th>${t.order}</th><th>${t.product}</th><th>${t.customer}</th><th>${t.units}</th><th>${t.state}</th></tr></thead><tbody>
${outcome.tickets.map(
  (
    ticket,
  ) => html`<tr data-ticket="${ticket.code}"><td><a href="${ticketPath(ticket.code)}">${ticket.code}</a></td><td>${ticket.orderNumber}</td>
<td>${productOf(ticket)}</td><td>${ticket.customer.name} ${ticket.customer.phone}</td>
<td>${Math.max(0, ticket.totalUnits - ticket.redeemedUnits)}/${ticket.totalUnits}</td><td>${t.status[ticket.status]}</td></tr>`,
)}
</tbody></table>
${outcome.next === undefined ? "" : html`<p class="paging"><a href="/tickets?${query}&after=${encodeURIComponent(outcome.next)}">${t.more}</a></p>`}`;
}

function productOf(ticket: Ticket): string {
  return ticket.variantName === undefined
    ? ticket.productName
    : `${ticket.productName} / ${ticket.variantName}`;
}

export function ticketSection(
  d: ConsoleDataMessages,
  p: PageMessages,
  detail: TicketDetail,
  formatTime: (iso: string) => string,
): Html {
  const t = p.tickets;
  const { ticket, units, history } = detail;
  return html`<section class="cards">
<div class="card"><span>${t.total}</span><b data-testid="units-total">${units.total}</b></div>
<div class="card"><span>${t.redeemed}</span><b data-testid="units-redeemed">${units.redeemed}</b></div>
<div class="card"><span>${t.left}</span><b data-testid="units-left">${units.remaining}</b></div>
</section>
<table class="fields"><tbody>
<tr><th>${t.product}</th><td>${productOf(ticket)}</td></tr>
<tr><th>${t.state}</th><td>${t.status[ticket.status]}</td></tr>
<tr><th>${t.order}</th><td><a href="/tickets?kind=order&q=${encodeURIComponent(ticket.orderNumber)}">${ticket.orderNumber}</a></td></tr>
${ticket.orderCreatedAt === undefined ? "" : html`<tr><th>${t.orderedAt}</th><td>${formatTime(ticket.orderCreatedAt)}</td></tr>`}
<tr><th>${t.customer}</th><td>${ticket.customer.name}</td></tr>
<tr><th>${t.phone}</th><td>${ticket.customer.phone}</td></tr>
${ticket.validUntil === undefined ? "" : html`<tr><th>${t.validUntil}</th><td>${formatTime(ticket.validUntil)}</td></tr>`}
<tr><th>${t.stores}</th><td>${ticket.storeIds === undefined || ticket.storeIds.length === 0 ? t.everyStore : ticket.storeIds.join(", ")}</td></tr>
${units.imported === 0 ? "" : html`<tr><th>${t.importedUnits}</th><td>${units.imported}</td></tr>`}
</tbody></table>
<h2>${t.history}</h2>
${
  history.length === 0
    ? html`<p>${t.noHistory}</p>`
    : html`<table class="wide" data-testid="ticket-history"><thead><tr><th>${t.when}</th><th>${t.store}</th><th>${t.device}</th><th>${t.clerk}</th><th>${t.quantity}</th><th>${t.state}</th></tr></thead><tbody>
${history.map(
  (
    row,
  ) => html`<tr><td>${formatTime(row.redeemedAt)}</td><td>${row.storeId}</td><td>${row.deviceId}</td><td>${row.clerkId ?? "—"}</td>
<td>${row.quantity}</td><td>${d.redemptionState[row.state]}${row.offline ? html` · ${t.offline}` : ""}</td></tr>`,
)}
</tbody></table>`
}`;
}

/** The upload form of an import: a file, sent as multipart to be previewed before anything is written. */
export function importForm(p: PageMessages, csrfToken: string): Html {
  const i = p.importing;
  return html`<h2>${i.heading}</h2>
<form method="post" action="/imports" enctype="multipart/form-data" class="filters" data-testid="import-form">
<input type="hidden" name="${csrfField}" value="${csrfToken}">
<input type="file" name="file" accept=".json,.csv,application/json,text/csv" aria-label="${i.file}" required>
<button>${i.preview}</button></form>`;
}
