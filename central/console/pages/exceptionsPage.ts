/**
 * 例外清單 (`/exceptions`): the exceptions of the viewer's stores (data/exceptionList.ts), open ones
 * first by default, with the uploads refused whole (paged on their own, `uploadsBefore`), a CSV of
 * the records (`/exceptions.csv`) and of the uploads (`/exceptions/uploads.csv`), and
 * 標記已處理 (`POST /exceptions/:id/resolve`, data/exceptionResolve.ts), audited and answered with a
 * redirect back to the list saying how it went.
 */
import type { FastifyInstance } from "fastify";
import { consoleDataMessages } from "../data/consoleDataMessages.js";
import {
  type ExceptionFilter,
  exceptionsCsv,
  listExceptions,
  listRefusedUploads,
  refusedUploadsCsv,
} from "../data/exceptionList.js";
import { type ResolveOutcome, resolveException } from "../data/exceptionResolve.js";
import { sendCsv } from "./csvDownload.js";
import { type ExceptionStatus, exceptionStatuses, exceptionsPage } from "./exceptionsView.js";
import type { PageContext } from "./pageContext.js";
import { trailParam } from "./paging.js";
import { choiceParam, type Query, queryString, textParam } from "./queryForm.js";
import { visibleStores } from "./visibleStores.js";

const pageSize = 50;
const resolveOutcomes = Object.keys(consoleDataMessages.en.resolve) as ResolveOutcome["kind"][];

function exceptionForm(query: Query): {
  store: string | undefined;
  status: ExceptionStatus;
  filter: ExceptionFilter;
} {
  const store = textParam(query, "store", 64);
  const status = choiceParam(query, "status", exceptionStatuses) ?? "open";
  return {
    store,
    status,
    filter: {
      ...(store === undefined ? {} : { storeId: store }),
      ...(status === "all" ? {} : { status }),
    },
  };
}

export function registerExceptionPages(app: FastifyInstance, context: PageContext): void {
  const { store } = context;

  app.get("/exceptions", async (request, reply) => {
    if (!(await context.askedStore(request, reply)).ok) return reply;
    const v = await context.visitor(request);
    const query = request.query as Query;
    const form = exceptionForm(query);
    const trail = trailParam(query);
    const uploadsBefore = textParam(query, "uploadsBefore", 64);
    const [records, uploads, stores] = await Promise.all([
      listExceptions(store, v.viewer, form.filter, {
        limit: pageSize,
        ...(trail.before === undefined ? {} : { before: trail.before }),
      }),
      listRefusedUploads(store, v.viewer, form.filter, {
        limit: pageSize,
        ...(uploadsBefore === undefined ? {} : { before: uploadsBefore }),
      }),
      visibleStores(store, v.viewer),
    ]);
    const view = {
      store: form.store,
      status: form.status,
      stores,
      records,
      uploads,
      uploadsBefore,
      trail,
      outcome: choiceParam(query, "outcome", resolveOutcomes),
    };
    return context.send(reply, 200, exceptionsPage(v, view));
  });

  const csvLists = [
    { path: "/exceptions.csv", file: "exceptions.csv", rows: exceptionsCsv },
    { path: "/exceptions/uploads.csv", file: "refused-uploads.csv", rows: refusedUploadsCsv },
  ];
  for (const { path, file, rows } of csvLists)
    app.get(path, async (request, reply) => {
      if (!(await context.askedStore(request, reply)).ok) return reply;
      const v = await context.visitor(request);
      return sendCsv(reply, file, rows(store, v.viewer, exceptionForm(request.query as Query).filter));
    });

  app.post<{ Params: { id: string } }>("/exceptions/:id/resolve", async (request, reply) => {
    const v = await context.visitor(request);
    const body = (request.body ?? {}) as Query;
    const { outcome, audit } = await resolveException(store, {
      viewer: v.viewer,
      actor: v.name,
      id: request.params.id,
      note: textParam(body, "note", 1000) ?? "",
      now: context.now(),
    });
    await context.audit(v, audit, request);
    const status = choiceParam(body, "status", exceptionStatuses);
    return reply.redirect(`/exceptions${queryString({ status, outcome: outcome.kind })}`, 303);
  });
}
