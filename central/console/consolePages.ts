/**
 * The console's pages as pure functions of what they show (docs/console.md): the shell with its
 * navigation and language switch, the login form, the 總覽 dashboard and its polled panel, the
 * audit log, the pages not built yet, and the refusals. Every value is escaped by `html`.
 */
import type { AuditPage } from "../store/consoleStore.js";
import type { ConsoleMessages, PageName } from "./consoleMessages.js";
import { pageNames } from "./consoleMessages.js";
import { csrfField } from "./csrf.js";
import type { Dashboard } from "./dashboard.js";
import type { Viewer } from "./data/viewer.js";
import { type Html, html } from "./html.js";

export const pagePaths: Readonly<Record<PageName, string>> = {
  dashboard: "/",
  redemptions: "/redemptions",
  exceptions: "/exceptions",
  tickets: "/tickets",
  clerks: "/clerks",
  devices: "/devices",
  reconciliation: "/reconciliation",
  audit: "/audit",
};

export interface Shell {
  readonly m: ConsoleMessages;
  readonly htmxPath: string;
  /** Who is signed in and their CSRF token; absent on the login page. */
  readonly signedIn?: { readonly name: string; readonly viewer: Viewer; readonly csrfToken: string };
  readonly current?: PageName;
}

export function page(shell: Shell, title: string, body: Html): Html {
  const { m, signedIn } = shell;
  const headers = signedIn === undefined ? undefined : JSON.stringify({ "X-CSRF-Token": signedIn.csrfToken });
  return html`<!doctype html>
<html lang="${m.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${m.title}</title>
<link rel="stylesheet" href="/assets/console.css">
<script src="${shell.htmxPath}" defer></script>
</head>
<body${headers === undefined ? "" : html` hx-headers="${headers}"`}>
<header>
<strong>${m.title}</strong>
${signedIn === undefined ? "" : navigation(shell)}
<span class="account">
${
  signedIn === undefined
    ? ""
    : html`<span>${m.login.signedInAs(signedIn.name, m.roles[signedIn.viewer.role])}</span>
<form method="post" action="/logout" class="inline"><input type="hidden" name="${csrfField}" value="${signedIn.csrfToken}"><button>${m.login.logout}</button></form>`
}
<a href="/lang" class="lang">${m.switchTo}</a>
</span>
</header>
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>`;
}

function navigation(shell: Shell): Html {
  return html`<nav>${pageNames.map(
    (name) =>
      html`<a href="${pagePaths[name]}"${name === shell.current ? html` aria-current="page"` : ""}>${shell.m.pages[name]}</a>`,
  )}</nav>`;
}

export function loginPage(shell: Shell, formToken: string, name: string, problem?: string): Html {
  const { m } = shell;
  return page(
    shell,
    m.login.heading,
    html`${problem === undefined ? "" : html`<p class="problem" role="alert">${problem}</p>`}
<form method="post" action="/login" class="login">
<input type="hidden" name="${csrfField}" value="${formToken}">
<label>${m.login.name}<input name="name" autocomplete="username" required value="${name}"></label>
<label>${m.login.password}<input name="password" type="password" autocomplete="current-password" required></label>
<button>${m.login.submit}</button>
</form>`,
  );
}

export function messagePage(shell: Shell, title: string, message: string): Html {
  return page(shell, title, html`<p class="problem" role="alert">${message}</p>`);
}

/** The dashboard: a store picker (when the viewer has several) and the panel htmx refreshes. */
export function dashboardPage(shell: Shell, panel: Html, storeIds: readonly string[], asked?: string): Html {
  const { m } = shell;
  const query = asked === undefined ? "" : `?store=${encodeURIComponent(asked)}`;
  return page(
    shell,
    m.pages.dashboard,
    html`${storeIds.length > 1 ? storePicker(m, storeIds, asked) : ""}
<div id="dashboard" hx-get="/dashboard/panel${query}" hx-trigger="every 3s" hx-swap="innerHTML">${panel}</div>`,
  );
}

function storePicker(m: ConsoleMessages, storeIds: readonly string[], asked?: string): Html {
  return html`<form method="get" action="/" class="filters"><select name="store" onchange="this.form.submit()">
<option value="">${m.dashboard.allStores}</option>
${storeIds.map((id) => html`<option value="${id}"${id === asked ? html` selected` : ""}>${id}</option>`)}
</select><noscript><button>OK</button></noscript></form>`;
}

export function dashboardPanel(
  m: ConsoleMessages,
  dashboard: Dashboard,
  formatTime: (iso: string) => string,
): Html {
  const d = m.dashboard;
  const busyHours = dashboard.hours.flatMap((count, hour) => (count === 0 ? [] : [{ hour, count }]));
  return html`<section class="cards">
<div class="card"><span>${d.today}</span><b>${dashboard.day}</b></div>
<div class="card"><span>${d.redemptions}</span><b data-testid="today-total">${dashboard.stores.reduce((sum, store) => sum + store.redemptions, 0)}</b></div>
<div class="card"><span>${d.openExceptions}</span><b data-testid="open-exceptions">${dashboard.openExceptions}</b></div>
</section>
<h2>${d.perStore}</h2>
<table><thead><tr><th>${d.store}</th><th>${d.redemptions}</th><th>${d.units}</th></tr></thead><tbody>
${dashboard.stores.map((store) => html`<tr data-store="${store.storeId}"><td>${store.name}</td><td>${store.redemptions}</td><td>${store.units}</td></tr>`)}
</tbody></table>
<h2>${d.perHour}</h2>
${
  busyHours.length === 0
    ? html`<p>${d.none}</p>`
    : html`<table><thead><tr><th>${d.hour}</th><th>${d.redemptions}</th></tr></thead><tbody>
${busyHours.map(({ hour, count }) => html`<tr><td>${String(hour).padStart(2, "0")}:00</td><td><span class="bar" style="--n:${count}"></span>${count}</td></tr>`)}
</tbody></table>`
}
<h2>${d.kiosks}</h2>
<table><thead><tr><th>${d.device}</th><th>${d.store}</th><th>${d.state}</th><th>${d.lastSeen}</th><th>${d.backlog}</th><th>${d.oldestPending}</th><th>${d.printer}</th><th>${d.scanner}</th></tr></thead><tbody>
${dashboard.kiosks.map(({ device, online }) => {
  const beat = device.heartbeat;
  return html`<tr data-device="${device.deviceId}"><td>${device.deviceId}</td><td>${device.storeId}</td>
<td class="${online ? "ok" : "bad"}">${device.lastSeenAt === null ? d.never : online ? d.online : d.offline}</td>
<td>${device.lastSeenAt === null ? "—" : formatTime(device.lastSeenAt)}</td>
<td>${beat?.pendingSync ?? "—"}</td>
<td>${beat?.oldestPendingAgeS === null || beat === null ? "—" : `${Math.round(beat.oldestPendingAgeS / 60)} min`}</td>
<td>${beat?.printer ?? "—"}</td><td>${beat?.scanner ?? "—"}</td></tr>`;
})}
</tbody></table>`;
}

export function auditPage(
  shell: Shell,
  audit: AuditPage,
  search: string,
  formatTime: (iso: string) => string,
): Html {
  const a = shell.m.audit;
  const query = search === "" ? "" : `q=${encodeURIComponent(search)}`;
  const last = audit.entries.at(-1);
  return page(
    shell,
    shell.m.pages.audit,
    html`<form method="get" action="/audit" class="filters"><input name="q" value="${search}" placeholder="${a.search}"><button>${a.search}</button>
<a href="/audit.csv${query === "" ? "" : `?${query}`}">${a.csv}</a></form>
${
  audit.entries.length === 0
    ? html`<p>${a.empty}</p>`
    : html`<table><thead><tr><th>${a.when}</th><th>${a.who}</th><th>${a.action}</th><th>${a.detail}</th><th>${a.address}</th></tr></thead><tbody>
${audit.entries.map((entry) => html`<tr><td>${formatTime(entry.at)}</td><td>${entry.actor}</td><td>${entry.action}</td><td>${entry.detail}</td><td>${entry.address}</td></tr>`)}
</tbody></table>`
}
<p class="paging"><a href="/audit${query === "" ? "" : `?${query}`}">${a.newer}</a>
${audit.hasMore && last !== undefined ? html`<a href="/audit?${query === "" ? "" : `${query}&`}before=${last.seq}">${a.older}</a>` : ""}</p>`,
  );
}
