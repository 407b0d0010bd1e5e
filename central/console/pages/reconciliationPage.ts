/**
 * 日結對帳 (`/reconciliation`): one store's day (data/dayReconciliation.ts, the store's local day,
 * Asia/Taipei): per product the units and redemptions that stand, how many were offline, how many
 * were voided, with totals; as CSV (`/reconciliation.csv`) and as a page that prints without the
 * console around it (console.css, `@media print`). The store is the one asked for, else the
 * viewer's first; the day the one asked for, else today.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { messagePage, page } from "../consolePages.js";
import { consoleDataMessages } from "../data/consoleDataMessages.js";
import {
  type DayFigures,
  type DayReconciliation,
  dayReconciliation,
  dayReconciliationCsv,
  defaultStoreTimeZone,
} from "../data/dayReconciliation.js";
import { type Html, html } from "../html.js";
import { sendCsv } from "./csvDownload.js";
import { ledgerPagesMessages } from "./ledgerPagesMessages.js";
import type { PageContext, Visitor } from "./pageContext.js";
import { type Query, queryString, selectField, textField, textParam, today } from "./queryForm.js";
import { type VisibleStores, visibleStores } from "./visibleStores.js";

export function registerReconciliationPages(app: FastifyInstance, context: PageContext): void {
  /** The report asked for, or the page that says why there is none. */
  const report = async (request: FastifyRequest) => {
    const v = await context.visitor(request);
    const query = request.query as Query;
    const stores = await visibleStores(context.store, v.viewer);
    const storeId = textParam(query, "store", 64) ?? stores.choices[0]?.value;
    const day = textParam(query, "day", 20) ?? today(context.now(), defaultStoreTimeZone);
    const found =
      storeId === undefined
        ? ({ kind: "not_found" } as const)
        : await dayReconciliation(context.store, v.viewer, { storeId, day });
    return { v, stores, storeId, day, found };
  };

  app.get("/reconciliation", async (request, reply) => {
    if (!(await context.askedStore(request, reply)).ok) return reply;
    const { v, stores, storeId, day, found } = await report(request);
    const status = found.kind === "report" ? 200 : found.kind === "not_found" ? 404 : 400;
    return context.send(
      reply,
      status,
      reconciliationPage(v, stores, storeId, day, found.kind === "report" ? found.report : found.kind),
    );
  });

  app.get("/reconciliation.csv", async (request, reply) => {
    if (!(await context.askedStore(request, reply)).ok) return reply;
    const { v, found } = await report(request);
    if (found.kind === "report")
      return sendCsv(
        reply,
        `reconciliation-${found.report.storeId}-${found.report.day}.csv`,
        dayReconciliationCsv(found.report),
      );
    const message = consoleDataMessages[v.locale].dayReconciliation[found.kind];
    return context.send(
      reply,
      found.kind === "not_found" ? 404 : 400,
      messagePage(v.shell("reconciliation"), v.m.pages.reconciliation, message),
    );
  });
}

function reconciliationPage(
  v: Visitor,
  stores: VisibleStores,
  storeId: string | undefined,
  day: string,
  report: DayReconciliation | "not_found" | "day_invalid",
): Html {
  const t = ledgerPagesMessages[v.locale];
  const r = t.reconciliation;
  const figures = ({ units, redemptions, offline, voided }: DayFigures) =>
    html`<td>${units}</td><td>${redemptions}</td><td>${offline}</td><td>${voided}</td>`;
  return page(
    v.shell("reconciliation"),
    v.m.pages.reconciliation,
    html`<form method="get" action="/reconciliation" class="filters">
${selectField(t.field.store, "store", stores.choices, storeId)}
${textField(r.day, "day", day, "date")}
<button>${t.filter}</button>
</form>
${
  typeof report === "string"
    ? html`<p class="problem" role="alert">${storeId === undefined ? r.pickStore : consoleDataMessages[v.locale].dayReconciliation[report]}</p>`
    : html`<h2 data-testid="report-title">${stores.name(report.storeId)} · ${r.zone(report.day, defaultStoreTimeZone)}</h2>
<p class="filters no-print"><a href="/reconciliation.csv${queryString({ store: report.storeId, day: report.day })}" download>${t.csv}</a>
<button type="button" onclick="window.print()">${r.print}</button></p>
<table data-testid="reconciliation"><thead><tr><th>${t.field.product}</th><th>${r.units}</th><th>${r.redemptions}</th><th>${r.offline}</th><th>${r.voided}</th></tr></thead><tbody>
${report.products.map(({ productName, figures: each }) => html`<tr><td>${productName}</td>${figures(each)}</tr>`)}
</tbody><tfoot><tr><td>${r.total}</td>${figures(report.total)}</tr></tfoot></table>`
}`,
  );
}
