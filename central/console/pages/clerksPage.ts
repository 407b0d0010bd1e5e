/**
 * 店員 (docs/console.md): the clerks of the viewer's stores with their roles, a new PIN for one
 * (the import's PIN policy, central/pinPolicy.ts, each refusal in its own words), and disabling or
 * enabling one; each change is audited and reaches the kiosks at their next clerk sync
 * (data/clerkAdmin.ts). A manager sees and changes only clerks of their own stores.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { defaultPinPolicy } from "../../pinPolicy.js";
import { page } from "../consolePages.js";
import { csrfField } from "../csrf.js";
import { type ClerkRow, listClerks, setClerkEnabled, setClerkPin } from "../data/clerkAdmin.js";
import { consoleDataMessages } from "../data/consoleDataMessages.js";
import { storesInView } from "../data/viewer.js";
import { type Html, html } from "../html.js";
import type { ConsolePageContext, PageVisit } from "./pageContext.js";
import { type PageMessages, pageCatalogues } from "./pageMessages.js";

/** What a change said, shown above the list: good news as a status, a refusal as an alert. */
interface Notice {
  readonly ok: boolean;
  readonly text: string;
}

const statusOf: Readonly<Record<string, number>> = {
  not_found: 404,
  forbidden: 403,
  pin_not_digits: 422,
  pin_too_short: 422,
};

export function registerClerksPage(context: ConsolePageContext): void {
  const { app, store } = context;

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    v: PageVisit,
    status: number,
    notice?: Notice,
  ) => {
    const query = request.query as Record<string, unknown>;
    const visible = storesInView(v.viewer) ?? [...(await store.storeIds())].sort();
    const asked = typeof query.store === "string" && visible.includes(query.store) ? query.store : undefined;
    const clerks = await listClerks(store, v.viewer, asked);
    const p = pageCatalogues[v.locale];
    return context.send(
      reply,
      status,
      page(
        v.shell("clerks"),
        v.m.pages.clerks,
        html`${notice === undefined ? "" : notice.ok ? html`<p class="ok" role="status">${notice.text}</p>` : html`<p class="problem" role="alert">${notice.text}</p>`}
${visible.length > 1 ? storeFilter(p, visible, asked) : ""}
<p>${p.clerks.pinHint(defaultPinPolicy)}</p>
${clerks.length === 0 ? html`<p>${p.clerks.none}</p>` : clerkTable(p, clerks, v.csrfToken, asked)}`,
      ),
    );
  };

  app.get("/clerks", async (request, reply) => render(request, reply, await context.visit(request), 200));

  const clerkId = (request: FastifyRequest) => (request.params as { id: string }).id;
  const field = (request: FastifyRequest, name: string) => {
    const value = (request.body as Record<string, unknown> | undefined)?.[name];
    return typeof value === "string" ? value : "";
  };

  app.post("/clerks/:id/pin", async (request, reply) => {
    const v = await context.visit(request);
    const { outcome, audit } = await setClerkPin(store, {
      viewer: v.viewer,
      actor: v.account.name,
      clerkId: clerkId(request),
      pin: field(request, "pin"),
    });
    await context.audit(request, v.account.name, audit);
    const say = consoleDataMessages[v.locale].setPin[outcome.kind] as (o: typeof outcome) => string;
    return render(request, reply, v, statusOf[outcome.kind] ?? 200, {
      ok: outcome.kind === "pin_set",
      text: say(outcome),
    });
  });

  app.post("/clerks/:id/enabled", async (request, reply) => {
    const v = await context.visit(request);
    const { outcome, audit } = await setClerkEnabled(store, {
      viewer: v.viewer,
      actor: v.account.name,
      clerkId: clerkId(request),
      enabled: field(request, "enabled") === "true",
    });
    await context.audit(request, v.account.name, audit);
    return render(request, reply, v, statusOf[outcome.kind] ?? 200, {
      ok: outcome.kind !== "not_found" && outcome.kind !== "forbidden",
      text: consoleDataMessages[v.locale].clerkEnable[outcome.kind],
    });
  });
}

function storeFilter(p: PageMessages, storeIds: readonly string[], asked: string | undefined): Html {
  return html`<form method="get" action="/clerks" class="filters"><select name="store" aria-label="${p.clerks.stores}">
<option value="">${p.clerks.allStores}</option>
${storeIds.map((id) => html`<option value="${id}"${id === asked ? html` selected` : ""}>${id}</option>`)}
</select><button>${p.clerks.filter}</button></form>`;
}

function clerkTable(
  p: PageMessages,
  clerks: readonly ClerkRow[],
  csrfToken: string,
  asked: string | undefined,
): Html {
  const c = p.clerks;
  const back = asked === undefined ? "" : `?store=${encodeURIComponent(asked)}`;
  const csrf = html`<input type="hidden" name="${csrfField}" value="${csrfToken}">`;
  return html`<table class="wide" data-testid="clerks"><thead><tr><th>${c.id}</th><th>${c.name}</th><th>${c.roleHeading}</th><th>${c.stores}</th><th>${c.state}</th><th>${c.setPin}</th><th></th></tr></thead><tbody>
${clerks.map((clerk) => {
  const path = `/clerks/${encodeURIComponent(clerk.id)}`;
  return html`<tr data-clerk="${clerk.id}"><td>${clerk.id}</td><td>${clerk.name}</td><td>${c.role[clerk.role]}</td><td>${clerk.storeIds.join(", ")}</td>
<td class="${clerk.disabled ? "bad" : "ok"}">${clerk.disabled ? c.disabled : c.active}</td>
<td><form method="post" action="${path}/pin${back}" class="filters">${csrf}<input name="pin" type="password" inputmode="numeric" autocomplete="new-password" aria-label="${c.newPin}" placeholder="${c.newPin}" required><button>${c.setPin}</button></form></td>
<td><form method="post" action="${path}/enabled${back}">${csrf}<input type="hidden" name="enabled" value="${clerk.disabled ? "true" : "false"}"><button>${clerk.disabled ? c.enable : c.disable}</button></form></td></tr>`;
})}
</tbody></table>`;
}
