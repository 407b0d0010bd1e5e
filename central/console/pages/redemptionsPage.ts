/**
 * 核銷紀錄 (`/redemptions`): the redemptions of the viewer's stores, filtered and paged by key, with
 * the total and a streamed CSV of the same filter (`/redemptions.csv`); one opened
 * (`/redemptions/:id`); and 取消核銷 (`POST /redemptions/:id/void`), judged by the server's rule
 * (data/redemptionVoid.ts), audited, and answered with a redirect back to the record saying how it
 * went, so a reload never posts the form again.
 */
import type { FastifyInstance } from "fastify";
import { messagePage } from "../consolePages.js";
import { consoleDataMessages } from "../data/consoleDataMessages.js";
import { redemptionDetail } from "../data/redemptionDetail.js";
import { listRedemptions, redemptionsCsv } from "../data/redemptionList.js";
import { type ConsoleVoidOutcome, voidRedemption } from "../data/redemptionVoid.js";
import { sendCsv } from "./csvDownload.js";
import type { PageContext } from "./pageContext.js";
import { trailParam } from "./paging.js";
import { choiceParam, type Query, textParam } from "./queryForm.js";
import { redemptionForm } from "./redemptionFilter.js";
import { redemptionDetailPage, redemptionListPage } from "./redemptionsView.js";
import { visibleStores } from "./visibleStores.js";

const pageSize = 50;
const voidOutcomes = Object.keys(consoleDataMessages.en.void) as ConsoleVoidOutcome["kind"][];

export function registerRedemptionPages(app: FastifyInstance, context: PageContext): void {
  const { store } = context;

  app.get("/redemptions", async (request, reply) => {
    if (!(await context.askedStore(request, reply)).ok) return reply;
    const v = await context.visitor(request);
    const query = request.query as Query;
    const form = redemptionForm(query, context.timeZone);
    const trail = trailParam(query);
    const [list, stores] = await Promise.all([
      listRedemptions(store, v.viewer, form.filter, {
        limit: pageSize,
        ...(trail.before === undefined ? {} : { before: trail.before }),
      }),
      visibleStores(store, v.viewer),
    ]);
    const page = redemptionListPage(v, form, stores, list, trail);
    return context.send(reply, 200, page);
  });

  app.get("/redemptions.csv", async (request, reply) => {
    if (!(await context.askedStore(request, reply)).ok) return reply;
    const v = await context.visitor(request);
    const form = redemptionForm(request.query as Query, context.timeZone);
    return sendCsv(reply, "redemptions.csv", redemptionsCsv(store, v.viewer, form.filter));
  });

  app.get<{ Params: { id: string } }>("/redemptions/:id", async (request, reply) => {
    const v = await context.visitor(request);
    const found = await redemptionDetail(store, v.viewer, request.params.id);
    if (found.kind === "not_found")
      return context.send(
        reply,
        404,
        messagePage(v.shell("redemptions"), "404", consoleDataMessages[v.locale].void.not_found),
      );
    const outcome = choiceParam(request.query as Query, "outcome", voidOutcomes);
    const stores = await visibleStores(store, v.viewer);
    return context.send(reply, 200, redemptionDetailPage(v, stores, found.detail, outcome));
  });

  app.post<{ Params: { id: string } }>("/redemptions/:id/void", async (request, reply) => {
    const v = await context.visitor(request);
    const { id } = request.params;
    const { outcome, audit } = await voidRedemption(store, {
      viewer: v.viewer,
      actor: v.name,
      id,
      reason: textParam((request.body ?? {}) as Query, "reason", 1000) ?? "",
      now: context.now(),
      windowMs: context.voidWindowMs,
    });
    await context.audit(v, audit, request);
    return reply.redirect(`/redemptions/${encodeURIComponent(id)}?outcome=${outcome.kind}`, 303);
  });
}
