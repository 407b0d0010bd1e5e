/**
 * 例外清單 as a pure function of what it shows: the filter (store, open or resolved), the exception
 * records with their kinds and a 標記已處理 form on each open one, and the uploads refused whole.
 */

import type { Resolution } from "../../store/consoleData.js";
import { page } from "../consolePages.js";
import { csrfField } from "../csrf.js";
import { consoleDataMessages } from "../data/consoleDataMessages.js";
import type { ExceptionPage, RefusedUploadList } from "../data/exceptionList.js";
import type { ResolveOutcome } from "../data/exceptionResolve.js";
import { type Html, html } from "../html.js";
import { type LedgerPagesMessages, ledgerPagesMessages } from "./ledgerPagesMessages.js";
import type { Visitor } from "./pageContext.js";
import { pageLink, pagingLinks, type Trail } from "./paging.js";
import { queryString, resultsId, resultsTarget, selectField } from "./queryForm.js";
import type { VisibleStores } from "./visibleStores.js";

export const exceptionStatuses = ["open", "resolved", "all"] as const;
export type ExceptionStatus = (typeof exceptionStatuses)[number];

export interface ExceptionsView {
  readonly store: string | undefined;
  readonly status: ExceptionStatus;
  readonly stores: VisibleStores;
  readonly records: ExceptionPage;
  readonly uploads: RefusedUploadList;
  /** The upload the page of refused uploads starts below; undefined on their first page. */
  readonly uploadsBefore: string | undefined;
  readonly trail: Trail;
  readonly outcome: ResolveOutcome["kind"] | undefined;
}

export function exceptionsPage(v: Visitor, view: ExceptionsView): Html {
  const t = ledgerPagesMessages[v.locale];
  const d = consoleDataMessages[v.locale];
  const x = t.exceptions;
  const fields = { store: view.store, status: view.status };
  const { outcome } = view;
  return page(
    v.shell("exceptions"),
    v.m.pages.exceptions,
    html`${outcome === undefined ? "" : html`<p class="${outcome === "resolved" ? "notice" : "problem"}" role="status" data-outcome="${outcome}">${d.resolve[outcome]}</p>`}
<form method="get" action="/exceptions" class="filters" hx-get="/exceptions" hx-trigger="submit, change" ${resultsTarget}>
${selectField(t.field.store, "store", [{ value: "", label: t.any }, ...view.stores.choices], view.store)}
${selectField(
  x.status,
  "status",
  [
    { value: "open", label: x.open },
    { value: "resolved", label: x.resolved },
    { value: "all", label: t.any },
  ],
  view.status,
)}
<button>${t.filter}</button>
</form>
<div id="${resultsId}">
<p class="filters"><span data-testid="total">${t.total(view.records.total)}</span><a href="/exceptions.csv${queryString(fields)}" download>${t.csv}</a></p>
${
  view.records.rows.length === 0
    ? html`<p>${t.empty}</p>`
    : html`<div class="scroll"><table class="wide"><thead><tr><th>${t.field.when}</th><th>${t.field.store}</th><th>${t.field.device}</th><th>${t.field.ticket}</th><th>${t.field.product}</th><th>${t.field.state}</th><th>${x.kinds}</th><th>${x.status}</th></tr></thead><tbody>
${view.records.rows.map(
  ({
    redemption: row,
    kinds,
    resolution,
  }) => html`<tr data-id="${row.id}"><td><a href="/redemptions/${row.id}">${v.formatTime(row.redeemedAt)}</a></td><td>${view.stores.name(row.storeId)}</td><td>${row.deviceId}</td><td>${row.ticketCode}</td><td>${row.productName ?? "—"}</td><td>${d.redemptionState[row.state]}</td>
<td>${kinds.map((kind) => d.exceptionKind[kind]).join("、")}</td><td class="note">${resolutionCell(v, row.id, view.status, resolution)}</td></tr>`,
)}
</tbody></table></div>`
}
${pagingLinks(t, "/exceptions", fields, view.records.next, view.trail)}
<h2>${x.uploads} <small>${t.total(view.uploads.total)}</small></h2>
<p class="filters"><a href="/exceptions/uploads.csv${queryString(fields)}" download>${t.csv}</a></p>
${
  view.uploads.rows.length === 0
    ? html`<p>${t.empty}</p>`
    : html`<table><thead><tr><th>${t.field.received}</th><th>${t.field.store}</th><th>${t.field.device}</th><th>${x.uploadCode}</th><th>${x.uploadMessage}</th><th>${x.status}</th></tr></thead><tbody>
${view.uploads.rows.map(
  ({
    upload,
    resolution,
  }) => html`<tr data-id="${upload.id}"><td>${v.formatTime(upload.id)}</td><td>${view.stores.name(upload.storeId)}</td><td>${upload.deviceId}</td><td>${upload.status} ${upload.code}</td><td>${upload.message}</td>
<td>${resolutionCell(v, upload.id, view.status, resolution)}</td></tr>`,
)}
</tbody></table>`
}
${uploadsPaging(t, fields, view)}
</div>`,
  );
}

/**
 * The refused uploads page by their id (a time, so not a number the records' trail can carry): the
 * next page, and the way back to the first.
 */
function uploadsPaging(
  t: LedgerPagesMessages,
  fields: Readonly<Record<string, string | undefined>>,
  view: ExceptionsView,
): Html {
  const link = (uploadsBefore: string | undefined, label: string, rel: string) =>
    pageLink(
      `/exceptions${queryString({ ...fields, uploadsBefore })}`,
      label,
      rel,
      html` data-list="uploads"`,
    );
  const first = view.uploadsBefore === undefined ? "" : link(undefined, t.newest, "first");
  const next = view.uploads.next === undefined ? "" : link(view.uploads.next, t.next, "next");
  return html`<p class="paging">${first}${next}</p>`;
}

/** Who resolved it, when, and their note; or the form to resolve it. */
function resolutionCell(
  v: Visitor,
  id: string,
  status: ExceptionStatus,
  resolution: Resolution | undefined,
): Html {
  const x = ledgerPagesMessages[v.locale].exceptions;
  if (resolution !== undefined)
    return html`<span class="ok">${x.resolved}</span> <small>${x.resolvedBy(resolution.by, v.formatTime(resolution.at))}</small><br>${resolution.note}`;
  return html`<form method="post" action="/exceptions/${encodeURIComponent(id)}/resolve" class="action inline">
<input type="hidden" name="${csrfField}" value="${v.csrfToken}"><input type="hidden" name="status" value="${status}">
<input name="note" required maxlength="500" placeholder="${x.note}" aria-label="${x.note}"><button>${x.resolve}</button>
</form>`;
}
