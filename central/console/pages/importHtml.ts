/**
 * An import as the console shows it: the preview (every problem with its place, or what would be
 * new, changed and unchanged, with nothing written yet) and, once applied, the progress htmx polls
 * (rows checked, tickets written, the rate and the time left) until it gives way to the outcome.
 */
import type { ImportProblem } from "../../importDocument.js";
import type { ImportSummary } from "../../importPlan.js";
import { csrfField } from "../csrf.js";
import type { ImportPreview } from "../data/importPreview.js";
import { type Html, html } from "../html.js";
import type { ImportJob } from "./importJobs.js";
import type { PageMessages } from "./pageMessages.js";

const shownCodes = 200;

export function previewSection(
  p: PageMessages,
  fileName: string,
  preview: ImportPreview,
  apply: { readonly jobId: string; readonly csrfToken: string } | undefined,
): Html {
  const i = p.importing;
  const heading = html`<h2>${i.previewHeading(fileName)}</h2><p data-testid="nothing-written">${i.nothingWritten}</p>`;
  switch (preview.kind) {
    case "forbidden":
      return html`${heading}<p class="problem" role="alert">${i.hqOnly}</p>`;
    case "problems":
      return html`${heading}<p class="problem" role="alert">${i.problems(preview.problems.length)}</p>
${problemTable(p, preview.problems, "import-problems")}`;
    case "ready":
      return html`${heading}${summaryTable(p, preview.summary)}
${preview.warnings.length === 0 ? "" : html`<h2>${i.warnings}</h2>${problemTable(p, preview.warnings, "import-warnings")}`}
${codeList(i.created, preview.tickets.created)}${codeList(i.updated, preview.tickets.updated)}
${
  apply === undefined
    ? ""
    : html`<form method="post" action="/imports/${apply.jobId}/apply"><input type="hidden" name="${csrfField}" value="${apply.csrfToken}"><button data-testid="import-apply">${i.apply}</button></form>`
}`;
  }
}

function codeList(label: string, codes: readonly string[]): Html | string {
  if (codes.length === 0) return "";
  const more = codes.length > shownCodes ? ` … +${codes.length - shownCodes}` : "";
  return html`<details><summary>${label} (${codes.length})</summary><p class="codes">${codes.slice(0, shownCodes).join(" ")}${more}</p></details>`;
}

function problemTable(p: PageMessages, problems: readonly ImportProblem[], testId: string): Html {
  return html`<table data-testid="${testId}"><thead><tr><th>${p.importing.location}</th><th>${p.importing.problem}</th></tr></thead><tbody>
${problems.map((problem) => html`<tr><td>${problem.location}</td><td>${problem.message}</td></tr>`)}
</tbody></table>`;
}

function summaryTable(p: PageMessages, summary: ImportSummary): Html {
  const i = p.importing;
  const kinds = ["stores", "clerks", "orders", "tickets"] as const;
  return html`<table data-testid="import-summary"><thead><tr><th>${i.what}</th><th>${i.created}</th><th>${i.updated}</th><th>${i.unchanged}</th></tr></thead><tbody>
${kinds.map((kind) => html`<tr data-kind="${kind}"><td>${i.kinds[kind]}</td><td>${summary[kind].created}</td><td>${summary[kind].updated}</td><td>${summary[kind].unchanged}</td></tr>`)}
</tbody></table>`;
}

/** The polled element: it replaces itself, and stops polling once the import has ended. */
export function progressSection(p: PageMessages, job: ImportJob): Html {
  const i = p.importing;
  const { state } = job;
  switch (state.kind) {
    case "held":
      return html`<p class="problem" role="alert">${i.gone}</p>`;
    case "applying": {
      const f = state.figures;
      const tickets = f.ticketsTotal ?? f.rowsTotal;
      const whole = f.rowsTotal + tickets;
      return html`<section data-testid="import-progress" data-state="applying" hx-get="/imports/${job.id}/progress" hx-trigger="every 1s" hx-swap="outerHTML">
<p>${i.applying}</p>
<progress max="${whole}" value="${f.rowsRead + f.ticketsWritten}"></progress>
${figureTable(p, f.rowsRead, f.rowsTotal, f.ticketsWritten, tickets)}
<p>${i.rate(f.ratePerS)} · ${i.eta(f.etaS)}</p></section>`;
    }
    case "done": {
      const f = state.figures;
      const { outcome } = state;
      const body =
        outcome.kind === "forbidden"
          ? html`<p class="problem" role="alert">${i.hqOnly}</p>`
          : outcome.ok
            ? html`<p class="ok" role="status">${i.applied}</p>${summaryTable(p, outcome.summary)}`
            : html`<p class="problem" role="alert">${i.refused}</p>${problemTable(p, outcome.problems, "import-problems")}`;
      return html`<section data-testid="import-progress" data-state="done">
${figureTable(p, f.rowsRead, f.rowsTotal, f.ticketsWritten, f.ticketsTotal ?? f.rowsTotal)}
<p>${i.rate(f.ratePerS)}</p>${body}</section>`;
    }
    case "failed":
      return html`<section data-testid="import-progress" data-state="failed"><p class="problem" role="alert">${i.failed}</p></section>`;
  }
}

function figureTable(
  p: PageMessages,
  rowsRead: number,
  rowsTotal: number,
  written: number,
  tickets: number,
): Html {
  const i = p.importing;
  return html`<table class="fields"><tbody>
<tr><th>${i.rows}</th><td data-testid="import-rows">${rowsRead}/${rowsTotal}</td></tr>
<tr><th>${i.ticketsWritten}</th><td data-testid="import-tickets">${written}/${tickets}</td></tr>
</tbody></table>`;
}
