/**
 * 店員 (docs/console.md): the clerks of the viewer's stores with their roles, a new PIN for one
 * (the import's PIN policy, central/pinPolicy.ts, each refusal in its own words), and disabling or
 * enabling one; each change is audited and reaches the kiosks at their next clerk sync
 * (data/clerkAdmin.ts). A manager sees and changes only clerks of their own stores.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { defaultPinPolicy } from "../../pinPolicy.js";
import { page } from "../consolePages.js";
import { csrfField } from "../csrf.js";
import {
  type ClerkEnableOutcome,
  type ClerkRow,
  listClerks,
  type SetPinOutcome,
  setClerkEnabled,
  setClerkPin,
} from "../data/clerkAdmin.js";
import { consoleDataMessages } from "../data/consoleDataMessages.js";
import { type Html, html } from "../html.js";
import type { PageContext, Visitor } from "./pageContext.js";
import { type PageMessages, pageCatalogues } from "./pageMessages.js";
import { formField, postChange } from "./pageParts.js";
import type { Choice } from "./queryForm.js";
import { type VisibleStores, visibleStores } from "./visibleStores.js";

export function registerClerksPage(app: FastifyInstance, context: PageContext): void {
  const { store } = context;

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    v: Visitor,
    status: number,
    top?: Html,
  ) => {
    const query = request.query as Record<string, unknown>;
    const stores = await visibleStores(store, v.viewer);
    const asked = stores.choices.find((choice) => choice.value === query.store)?.value;
    const clerks = await listClerks(store, v.viewer, asked);
    const p = pageCatalogues[v.locale];
    return context.send(
      reply,
      status,
      page(
        v.shell("clerks"),
        v.m.pages.clerks,
        html`${top ?? ""}
${stores.choices.length > 1 ? storeFilter(p, stores.choices, asked) : ""}
<p>${p.clerks.pinHint(defaultPinPolicy)}</p>
${clerks.length === 0 ? html`<p>${p.clerks.none}</p>` : clerkTable(p, clerks, stores, v.csrfToken, asked)}`,
      ),
    );
  };

  app.get("/clerks", async (request, reply) => render(request, reply, await context.visitor(request), 200));

  const clerkId = (request: FastifyRequest) => (request.params as { id: string }).id;
  postChange<SetPinOutcome>(
    app,
    context,
    "/clerks/:id/pin",
    {
      refused: { not_found: 404, forbidden: 403, pin_not_digits: 422, pin_too_short: 422 },
      run: (v, request) =>
        setClerkPin(store, {
          viewer: v.viewer,
          actor: v.name,
          clerkId: clerkId(request),
          pin: formField(request, "pin"),
        }),
      say: (v, outcome) =>
        (consoleDataMessages[v.locale].setPin[outcome.kind] as (o: SetPinOutcome) => string)(outcome),
    },
    render,
  );
  postChange<ClerkEnableOutcome>(
    app,
    context,
    "/clerks/:id/enabled",
    {
      refused: { not_found: 404, forbidden: 403 },
      run: (v, request) =>
        setClerkEnabled(store, {
          viewer: v.viewer,
          actor: v.name,
          clerkId: clerkId(request),
          enabled: formField(request, "enabled") === "true",
        }),
      say: (v, outcome) => consoleDataMessages[v.locale].clerkEnable[outcome.kind],
    },
    render,
  );
}

function storeFilter(p: PageMessages, choices: readonly Choice[], asked: string | undefined): Html {
  return html`<form method="get" action="/clerks" class="filters"><select name="store" aria-label="${p.clerks.stores}">
<option value="">${p.clerks.allStores}</option>
${choices.map(({ value, label }) => html`<option value="${value}"${value === asked ? html` selected` : ""}>${label}</option>`)}
</select><button>${p.clerks.filter}</button></form>`;
}

function clerkTable(
  p: PageMessages,
  clerks: readonly ClerkRow[],
  stores: VisibleStores,
  csrfToken: string,
  asked: string | undefined,
): Html {
  const c = p.clerks;
  const back = asked === undefined ? "" : `?store=${encodeURIComponent(asked)}`;
  const csrf = html`<input type="hidden" name="${csrfField}" value="${csrfToken}">`;
  return html`<table class="wide" data-testid="clerks"><thead><tr><th>${c.id}</th><th>${c.name}</th><th>${c.roleHeading}</th><th>${c.stores}</th><th>${c.state}</th><th>${c.setPin}</th><th></th></tr></thead><tbody>
${clerks.map((clerk) => {
  const path = `/clerks/${encodeURIComponent(clerk.id)}`;
  return html`<tr data-clerk="${clerk.id}"><td>${clerk.id}</td><td>${clerk.name}</td><td>${c.role[clerk.role]}</td><td>${clerk.storeIds.map((id) => stores.name(id)).join(", ")}</td>
<td class="${clerk.disabled ? "bad" : "ok"}">${clerk.disabled ? c.disabled : c.active}</td>
<td><form method="post" action="${path}/pin${back}" class="filters">${csrf}<input name="pin" type="password" inputmode="numeric" autocomplete="new-password" aria-label="${c.newPin}" placeholder="${c.newPin}" required><button>${c.setPin}</button></form></td>
<td><form method="post" action="${path}/enabled${back}">${csrf}<input type="hidden" name="enabled" value="${clerk.disabled ? "true" : "false"}"><button>${clerk.disabled ? c.enable : c.disable}</button></form></td></tr>`;
})}
</tbody></table>`;
}
