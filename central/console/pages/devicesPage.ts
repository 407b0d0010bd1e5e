/**
 * 裝置 (docs/console.md): each kiosk of the viewer's stores with its store, version, last contact
 * and address, backlog, printer, scanner and clock (data/deviceAdmin.ts); renaming, moving and
 * revoking one, each audited; and 新增裝置: a one-time pairing code for a device name and store
 * (ledger.ts `createPairingCode`: 10 minutes, once), shown as the QR code the kiosk's scanner reads
 * (pairingQr.ts) and as its text, `TKPAIR1 <this console's URL> <code>` (docs/central.md, "Pairing
 * a kiosk"). The URL is the one the browser reached the console at, so a kiosk whose `central.url`
 * names the central otherwise refuses the code as another central's (device/kioskPairing.ts).
 *
 * The code is made by a POST and shown by the GET it redirects to, from a cookie that lives as long
 * as the code: reloading the page shows the same code again instead of making another, and any
 * central process behind a load balancer can show it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import * as valibot from "valibot";
import { isLoopbackHost } from "../../../device/loopbackHost.js";
import { groupedPairingCode, pairingText } from "../../../device/ports/pairingWire.js";
import { tokenRequestSchema } from "../../ledger.js";
import { pairingQrSvg } from "../../pairingQr.js";
import { page } from "../consolePages.js";
import { csrfField } from "../csrf.js";
import { onlineWithinMs } from "../dashboard.js";
import { consoleDataMessages } from "../data/consoleDataMessages.js";
import {
  changeDevice,
  type DeviceChange,
  type DeviceChangeOutcome,
  type DeviceRow,
  listDevices,
} from "../data/deviceAdmin.js";
import { canSee } from "../data/viewer.js";
import { Html, html } from "../html.js";
import type { PageContext, Visitor } from "./pageContext.js";
import { type PageMessages, pageCatalogues } from "./pageMessages.js";
import { formField, notice, postChange } from "./pageParts.js";
import type { Choice } from "./queryForm.js";
import { type VisibleStores, visibleStores } from "./visibleStores.js";

export function registerDevicesPage(app: FastifyInstance, context: PageContext): void {
  const { store } = context;

  /** `top` above the page: a notice, or what the page's stores are needed for (the pairing code). */
  const render = async (
    reply: FastifyReply,
    v: Visitor,
    status: number,
    top?: Html | ((stores: VisibleStores) => Html),
  ) => {
    const p = pageCatalogues[v.locale];
    const stores = await visibleStores(store, v.viewer);
    const devices = await listDevices(store, v.viewer);
    const nowMs = context.now().getTime();
    return context.send(
      reply,
      status,
      page(
        v.shell("devices"),
        v.m.pages.devices,
        html`${typeof top === "function" ? top(stores) : (top ?? "")}${addForm(p, stores.choices, v.csrfToken)}
${devices.length === 0 ? html`<p>${p.devices.none}</p>` : deviceTable(p, devices, stores, v.csrfToken, nowMs, (iso) => v.formatTime(iso))}`,
      ),
    );
  };
  const alert = (text: string) => notice(false, text);

  app.get("/devices", async (request, reply) => render(reply, await context.visitor(request), 200));

  app.post("/devices/pairing", async (request, reply) => {
    const v = await context.visitor(request);
    const p = pageCatalogues[v.locale];
    const asked = valibot.safeParse(tokenRequestSchema, {
      deviceId: formField(request, "name").trim(),
      storeId: formField(request, "store"),
    });
    if (!asked.success) return render(reply, v, 422, alert(p.devices.nameInvalid));
    const { deviceId, storeId } = asked.output;
    const made = canSee(v.viewer, storeId)
      ? await context.ledger.createPairingCode(deviceId, storeId, `console:${v.name}`)
      : undefined;
    await context.audit(
      v,
      {
        action: "device.pairing_code",
        target: deviceId,
        detail: `${made?.ok === true ? `made for ${storeId}` : `refused: store ${storeId}`} by ${v.name}`,
      },
      request,
    );
    if (made === undefined || !made.ok) return render(reply, v, 422, alert(p.devices.unknownStore));
    const shown: ShownCode = {
      account: v.name,
      code: made.code,
      deviceId,
      storeId,
      expiresAt: made.expiresAt,
      text: pairingText(made.code, consoleUrl(request, context.secure)),
    };
    const ttlS = Math.ceil((Date.parse(made.expiresAt) - context.now().getTime()) / 1000);
    return reply
      .header("set-cookie", context.cookie(pairingCookie, JSON.stringify(shown), ttlS))
      .redirect("/devices/pairing", 303);
  });

  app.get("/devices/pairing", async (request, reply) => {
    const v = await context.visitor(request);
    const shown = shownCode(v, context.now());
    if (shown === undefined) {
      reply.header("set-cookie", context.cookie(pairingCookie, "", 0));
      return render(reply, v, 410, alert(pageCatalogues[v.locale].devices.codeGone));
    }
    return render(reply, v, 200, (stores) => pairingSection(pageCatalogues[v.locale], shown, stores, v));
  });

  const change = (path: string, of: (request: FastifyRequest) => DeviceChange) =>
    postChange<DeviceChangeOutcome>(
      app,
      context,
      `/devices/:id/${path}`,
      {
        refused: { not_found: 404, name_invalid: 422, unknown_store: 422 },
        run: (v, request) =>
          changeDevice(store, {
            viewer: v.viewer,
            actor: v.name,
            deviceId: (request.params as { id: string }).id,
            change: of(request),
          }),
        say: (v, outcome) => consoleDataMessages[v.locale].deviceChange[outcome.kind],
      },
      (_request, reply, v, status, top) => render(reply, v, status, top),
    );
  change("rename", (request) => ({ kind: "rename", name: formField(request, "name") }));
  change("move", (request) => ({ kind: "move", storeId: formField(request, "store") }));
  change("revoke", () => ({ kind: "revoke" }));
}

/**
 * The console's URL as the browser reached it: what the QR code tells the kiosk. Behind a reverse
 * proxy on the same machine that ends TLS (docs/deploy.md, the Caddy way) the request arrives over
 * plain HTTP, and the proxy's `X-Forwarded-Proto: https` says how the browser came; it is believed
 * from a loopback peer only, where such a proxy runs.
 */
function consoleUrl(request: FastifyRequest, secure: boolean): string {
  const peer = (request.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
  const proxiedHttps = isLoopbackHost(peer) && request.headers["x-forwarded-proto"] === "https";
  return `${secure || proxiedHttps ? "https" : "http"}://${request.host}`;
}

/** The code a POST made, kept for the GET that shows it (`shownCode`). */
const shownCodeSchema = valibot.object({
  /** Who made it: a cookie left in a browser another account signs in on shows them nothing. */
  account: valibot.string(),
  code: valibot.string(),
  deviceId: valibot.string(),
  storeId: valibot.string(),
  expiresAt: valibot.string(),
  text: valibot.string(),
});
type ShownCode = valibot.InferOutput<typeof shownCodeSchema>;

const pairingCookie = "tk_pairing";

/** The code the visitor's cookie holds, while it is theirs and unexpired. */
function shownCode(v: Visitor, now: Date): ShownCode | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(v.cookies.get(pairingCookie) ?? "");
  } catch {
    return undefined;
  }
  const shown = valibot.safeParse(shownCodeSchema, parsed);
  if (!shown.success || shown.output.account !== v.name) return undefined;
  return Date.parse(shown.output.expiresAt) > now.getTime() ? shown.output : undefined;
}

function pairingSection(p: PageMessages, shown: ShownCode, stores: VisibleStores, v: Visitor): Html {
  const d = p.devices;
  return html`<section class="pairing" data-testid="pairing">
<h2>${d.add}</h2>
<p>${d.scanThis(shown.deviceId, stores.name(shown.storeId))}</p>
<div class="qr">${new Html(pairingQrSvg(shown.text))}</div>
<table class="fields"><tbody>
<tr><th>${d.qrText}</th><td><code data-testid="pairing-text">${shown.text}</code></td></tr>
<tr><th>${d.code}</th><td><code>${groupedPairingCode(shown.code)}</code></td></tr>
<tr><th></th><td data-testid="pairing-expires">${d.expires(v.formatTime(shown.expiresAt))} ${d.onceOnly}</td></tr>
</tbody></table></section>`;
}

function storeOptions(choices: readonly Choice[], selected?: string): Html[] {
  return choices.map(
    ({ value, label }) =>
      html`<option value="${value}"${value === selected ? html` selected` : ""}>${label}</option>`,
  );
}

function addForm(p: PageMessages, choices: readonly Choice[], csrfToken: string): Html {
  const d = p.devices;
  return html`<details class="add-device" open><summary>${d.add}</summary><p>${d.addHint}</p>
<form method="post" action="/devices/pairing" class="filters" data-testid="add-device">
<input type="hidden" name="${csrfField}" value="${csrfToken}">
<label>${d.deviceName}<input name="name" required maxlength="64" autocomplete="off"></label>
<label>${d.store}<select name="store">${storeOptions(choices)}</select></label>
<button>${d.makeCode}</button></form></details>`;
}

function deviceTable(
  p: PageMessages,
  devices: readonly DeviceRow[],
  stores: VisibleStores,
  csrfToken: string,
  nowMs: number,
  formatTime: (iso: string) => string,
): Html {
  const d = p.devices;
  const csrf = html`<input type="hidden" name="${csrfField}" value="${csrfToken}">`;
  return html`<table class="wide" data-testid="devices"><thead><tr><th>${d.name}</th><th>${d.store}</th><th>${d.lastSeen}</th><th>${d.version}</th><th>${d.address}</th><th>${d.backlog}</th><th>${d.printer}</th><th>${d.scanner}</th><th>${d.clock}</th><th></th></tr></thead><tbody>
${devices.map((device) => {
  const path = `/devices/${encodeURIComponent(device.deviceId)}`;
  const online = device.lastSeenAt !== null && nowMs - Date.parse(device.lastSeenAt) < onlineWithinMs;
  const state = device.revoked
    ? d.revoked
    : device.lastSeenAt === null
      ? d.never
      : online
        ? d.online
        : d.offline;
  return html`<tr data-device="${device.deviceId}" data-state="${device.revoked ? "revoked" : online ? "online" : device.lastSeenAt === null ? "never" : "offline"}">
<td>${device.name}${device.name === device.deviceId ? "" : html`<br><small>${device.deviceId}</small>`}</td><td>${stores.name(device.storeId)}</td>
<td class="${online && !device.revoked ? "ok" : "bad"}">${state}${device.lastSeenAt === null ? "" : html`<br><small>${formatTime(device.lastSeenAt)}</small>`}</td>
<td>${device.version ?? "—"}</td><td>${device.address ?? "—"}</td><td>${device.pendingSync ?? "—"}</td>
<td>${device.printer ?? "—"}</td><td>${device.scanner ?? "—"}</td>
<td>${device.clockSynced === null || device.clockOffsetS === null ? "—" : device.clockSynced ? d.clockOk(device.clockOffsetS) : html`<span class="bad">${d.clockBad(device.clockOffsetS)}</span>`}</td>
<td>${
    device.revoked
      ? ""
      : html`<details><summary>…</summary>
<form method="post" action="${path}/rename" class="filters">${csrf}<input name="name" value="${device.name}" aria-label="${d.name}" required maxlength="100"><button>${d.rename}</button></form>
<form method="post" action="${path}/move" class="filters">${csrf}<select name="store" aria-label="${d.store}">${storeOptions(stores.choices, device.storeId)}</select><button>${d.move}</button></form>
<form method="post" action="${path}/revoke" onsubmit="return confirm(this.dataset.confirm)" data-confirm="${d.revokeConfirm}">${csrf}<button class="danger">${d.revoke}</button></form></details>`
  }</td></tr>`;
})}
</tbody></table>`;
}
