/**
 * 票券與訂單 (docs/console.md): the ticket search (code, order number, phone's last digits,
 * customer name), one ticket with its order and redemptions, and imports: a file uploaded is
 * previewed (data/importPreview.ts: every row's problem, or what would change) with nothing written,
 * then applied on 確認匯入 in the background while the page polls its progress (importJobs.ts).
 * Imports are hq's; every apply is audited when it ends.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { importFormatOf } from "../../importer.js";
import type { TicketSearch } from "../../store/consoleData.js";
import { page } from "../consolePages.js";
import { consoleDataMessages } from "../data/consoleDataMessages.js";
import { applyImport, previewImport } from "../data/importPreview.js";
import { searchTickets, ticketDetail } from "../data/ticketSearch.js";
import { type Html, html } from "../html.js";
import { previewSection, progressSection } from "./importHtml.js";
import { type ImportJobState, ImportJobs } from "./importJobs.js";
import { acceptMultipart, uploadedFile } from "./multipartBody.js";
import type { PageContext, Visitor } from "./pageContext.js";
import { pageCatalogues } from "./pageMessages.js";
import { importForm, searchKinds, searchSection, ticketSection } from "./ticketsHtml.js";

const searchPageSize = 50;

export function registerTicketsPage(app: FastifyInstance, context: PageContext): void {
  const { store, ledger } = context;
  const jobs = new ImportJobs();
  acceptMultipart(app);

  const show = (reply: FastifyReply, v: Visitor, status: number, title: string, body: Html) =>
    context.send(reply, status, page(v.shell("tickets"), title, body));
  const importBlock = (v: Visitor) =>
    v.viewer.role === "hq" ? importForm(pageCatalogues[v.locale], v.csrfToken) : "";

  app.get("/tickets", async (request, reply) => {
    const v = await context.visitor(request);
    const query = request.query as Record<string, unknown>;
    const kind = searchKinds.find((known) => known === query.kind) ?? "code";
    const term = typeof query.q === "string" ? query.q.slice(0, 200) : "";
    const after = typeof query.after === "string" && query.after !== "" ? query.after : undefined;
    const search: TicketSearch | undefined = term === "" ? undefined : { kind, term };
    const outcome =
      search === undefined
        ? undefined
        : await searchTickets(store, v.viewer, search, {
            limit: searchPageSize,
            ...(after === undefined ? {} : { after }),
          });
    return show(
      reply,
      v,
      200,
      v.m.pages.tickets,
      html`${searchSection(pageCatalogues[v.locale], { search, outcome })}${importBlock(v)}`,
    );
  });

  app.get("/tickets/:code", async (request, reply) => {
    const v = await context.visitor(request);
    const { code } = request.params as { code: string };
    const found = await ticketDetail(store, v.viewer, code);
    const p = pageCatalogues[v.locale];
    if (found.kind === "not_found")
      return show(reply, v, 404, code, html`<p class="problem" role="alert">${p.tickets.notFound}</p>`);
    return show(
      reply,
      v,
      200,
      code,
      ticketSection(consoleDataMessages[v.locale], p, found.detail, (iso) => v.formatTime(iso)),
    );
  });

  app.post("/imports", async (request, reply) => {
    const v = await context.visitor(request);
    const p = pageCatalogues[v.locale];
    const upload = uploadedFile(request.body, "file");
    if (upload === undefined)
      return show(
        reply,
        v,
        400,
        v.m.pages.tickets,
        html`<p class="problem" role="alert">${p.importing.noFile}</p>${importBlock(v)}`,
      );
    const file = { name: upload.name, bytes: upload.bytes, format: importFormatOf(upload.name) };
    const preview = await previewImport(store, v.viewer, file);
    const job = preview.kind === "ready" ? jobs.hold(v.name, file) : undefined;
    const status = preview.kind === "ready" ? 200 : preview.kind === "forbidden" ? 403 : 422;
    const apply = job === undefined ? undefined : { jobId: job.id, csrfToken: v.csrfToken };
    return show(
      reply,
      v,
      status,
      v.m.pages.tickets,
      html`${previewSection(p, upload.name, preview, apply)}${importBlock(v)}`,
    );
  });

  const jobOf = (request: FastifyRequest, v: Visitor) =>
    jobs.get(v.name, (request.params as { id: string }).id);

  app.post("/imports/:id/apply", async (request, reply) => {
    const v = await context.visitor(request);
    const job = jobOf(request, v);
    if (job === undefined) return goneReply(reply, v);
    let audit = { action: "import.apply", target: job.file.name, detail: `failed by ${v.name}` };
    const finished = async (state: ImportJobState) => {
      if (state.kind === "failed")
        context.log.error("console import failed", {
          event: "import_failed",
          file: job.file.name,
          error: state.error,
        });
      await context
        .audit(v, audit, request)
        .catch((error: unknown) =>
          context.log.error("the import's audit entry was not written", { event: "error", error }),
        );
    };
    jobs.apply(
      job,
      async (listener) => {
        const applied = await applyImport(ledger, v.viewer, v.name, job.file, listener);
        audit = applied.audit;
        return applied.outcome;
      },
      finished,
    );
    return reply.redirect(`/imports/${job.id}`, 303);
  });

  const goneReply = (reply: FastifyReply, v: Visitor) =>
    show(
      reply,
      v,
      404,
      v.m.pages.tickets,
      html`<p class="problem" role="alert">${pageCatalogues[v.locale].importing.gone}</p>`,
    );

  app.get("/imports/:id", async (request, reply) => {
    const v = await context.visitor(request);
    const job = jobOf(request, v);
    if (job === undefined) return goneReply(reply, v);
    const p = pageCatalogues[v.locale];
    const body =
      job.state.kind === "held"
        ? previewSection(p, job.file.name, await previewImport(store, v.viewer, job.file), {
            jobId: job.id,
            csrfToken: v.csrfToken,
          })
        : html`<h2>${p.importing.applyHeading(job.file.name)}</h2>${progressSection(p, job)}`;
    return show(reply, v, 200, v.m.pages.tickets, body);
  });

  app.get("/imports/:id/progress", async (request, reply) => {
    const v = await context.visitor(request);
    const job = jobOf(request, v);
    if (job === undefined) return goneReply(reply, v);
    return context.send(reply, 200, progressSection(pageCatalogues[v.locale], job));
  });
}
