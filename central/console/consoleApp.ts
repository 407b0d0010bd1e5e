/**
 * The web console (docs/console.md) as a Fastify 5 app that never listens itself: the central
 * service hands it every request outside `/v1/` (centralServer.ts), so the console shares the
 * API's process, port and TLS (docs/architecture.md, "Web console"). Loaded on the first such
 * request: a central that only serves kiosks never loads Fastify.
 *
 * Every page but login, the language switch and the static assets needs a session
 * (consoleAuth.ts); every POST needs its CSRF token (csrf.ts), refused with 403 and a page that
 * says so; every action is written to the audit log before its answer.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import formbody from "@fastify/formbody";
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import type { Logger } from "../../device/logger.js";
import { importMaxBodyBytes } from "../adminRoutes.js";
import { defaultVoidWindowHours, type Ledger } from "../ledger.js";
import type { ConsoleStore } from "../store/consoleStore.js";
import { isStoreUnavailable } from "../store/storeOutOfReach.js";
import { storeRetryAfterS } from "../storeUnavailable.js";
import { ConsoleAuth, type SignedIn } from "./consoleAuth.js";
import {
  type ConsoleMessages,
  consoleCatalogues,
  type Locale,
  locales,
  type PageName,
  pageNames,
} from "./consoleMessages.js";
import {
  auditPage,
  dashboardPage,
  dashboardPanel,
  loginPage,
  messagePage,
  page,
  pagePaths,
  type Shell,
} from "./consolePages.js";
import { readCookies, setCookie } from "./cookies.js";
import { csrfField, csrfHeader, csrfMatches } from "./csrf.js";
import { readDashboard } from "./dashboard.js";
import type { ConsoleLedgerStore } from "./data/consoleStores.js";
import { csvStream } from "./data/csv.js";
import { canSee, storesInScope, type Viewer, viewerOf } from "./data/viewer.js";
import { type Html, html } from "./html.js";
import { registerClerksPage } from "./pages/clerksPage.js";
import { sendCsv } from "./pages/csvDownload.js";
import { registerDevicesPage } from "./pages/devicesPage.js";
import { registerExceptionPages } from "./pages/exceptionsPage.js";
import type { PageContext } from "./pages/pageContext.js";
import { registerReconciliationPages } from "./pages/reconciliationPage.js";
import { registerRedemptionPages } from "./pages/redemptionsPage.js";
import { registerTicketsPage } from "./pages/ticketsPage.js";

export interface ConsoleOptions {
  readonly ledgerStore: ConsoleLedgerStore;
  /** The ledger the pages' imports and pairing codes go through (the service's own). */
  readonly ledger: Ledger;
  readonly logger: Logger;
  readonly now: () => Date;
  /** The API is served over TLS: cookies get `Secure`. */
  readonly secure: boolean;
  /** Whose "today" the dashboard counts; the host's zone unless given. */
  readonly timeZone?: string;
  /** The central's void window, for 取消核銷 (ledger.ts `voidWindowHours`). */
  readonly voidWindowHours?: number;
}

const sessionCookie = "kc_session";
const loginCookie = "kc_login";
const langCookie = "kc_lang";
const auditPageSize = 50;
const auditCsvMax = 100_000;
const yearS = 365 * 24 * 3600;

const require = createRequire(import.meta.url);
const htmxFile = require.resolve("htmx.org/dist/htmx.min.js");
const htmxVersion = (require("htmx.org/package.json") as { version: string }).version;
/** The sources beside the compiled program: dist/central/console → central/console/assets. */
const cssFile = fileURLToPath(new URL("../../../central/console/assets/console.css", import.meta.url));

interface Visit {
  readonly m: ConsoleMessages;
  readonly locale: Locale;
  readonly cookies: Map<string, string>;
  readonly signedIn: SignedIn | undefined;
}

export async function startConsole(options: ConsoleOptions): Promise<FastifyInstance> {
  const consoleStore: ConsoleStore = options.ledgerStore.consoleStore();
  const auth = new ConsoleAuth(consoleStore, () => options.now().getTime());
  const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const log = options.logger.child("console");
  const [htmx, css] = await Promise.all([readFile(htmxFile), readFile(cssFile)]);
  const htmxPath = `/assets/htmx.min.js?v=${htmxVersion}`;
  const visits = new WeakMap<FastifyRequest, Promise<Visit>>();

  const visit = (request: FastifyRequest): Promise<Visit> => {
    let found = visits.get(request);
    if (found === undefined) {
      found = (async () => {
        const cookies = readCookies(request.headers.cookie);
        const asked = cookies.get(langCookie);
        const locale: Locale = locales.find((known) => known === asked) ?? "zh-TW";
        return {
          m: consoleCatalogues[locale],
          locale,
          cookies,
          signedIn: await auth.signedIn(cookies.get(sessionCookie)),
        };
      })();
      visits.set(request, found);
    }
    return found;
  };
  const shellOf = (v: Visit, current?: PageName): Shell => ({
    m: v.m,
    htmxPath,
    ...(v.signedIn === undefined
      ? {}
      : {
          signedIn: {
            name: v.signedIn.account.name,
            viewer: viewerOf(v.signedIn.account),
            csrfToken: v.signedIn.session.csrfToken,
          },
        }),
    ...(current === undefined ? {} : { current }),
  });
  const formatTime = (locale: Locale) => {
    const format = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: "short", timeStyle: "medium" });
    return (iso: string) => format.format(new Date(iso));
  };
  const audit = (actor: string, action: string, detail: string, request: FastifyRequest) =>
    consoleStore.appendAudit({ at: options.now().toISOString(), actor, action, detail, address: request.ip });
  const cookie = (name: string, value: string, maxAgeS?: number) =>
    setCookie(name, value, {
      httpOnly: name !== langCookie,
      secure: options.secure,
      ...(maxAgeS === undefined ? {} : { maxAgeS }),
    });
  const send = (reply: FastifyReply, status: number, body: Html) =>
    reply
      .code(status)
      .header("content-type", "text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .send(body.text);

  const app = Fastify({ logger: false, trustProxy: false });
  await app.register(formbody);

  app.addHook("preHandler", async (request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    if (path.startsWith("/assets/") || path === "/lang" || path === "/login") return;
    const v = await visit(request);
    if (v.signedIn === undefined) {
      if (request.headers["hx-request"] === "true")
        return reply.code(401).header("hx-redirect", "/login").send();
      return reply.redirect("/login", 303);
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      const body = request.body as Record<string, unknown> | undefined;
      const given = request.headers[csrfHeader] ?? body?.[csrfField];
      if (!csrfMatches(v.signedIn.session.csrfToken, given)) {
        await audit(v.signedIn.account.name, "csrf_refused", `${request.method} ${path}`, request);
        return send(reply, 403, messagePage(shellOf(v), "403", v.m.csrfRefused));
      }
    }
    return undefined;
  });

  app.get("/assets/htmx.min.js", async (_request, reply) =>
    reply
      .header("content-type", "text/javascript; charset=utf-8")
      .header("cache-control", `public, max-age=${yearS}, immutable`)
      .send(htmx),
  );
  app.get("/assets/console.css", async (_request, reply) =>
    reply
      .header("content-type", "text/css; charset=utf-8")
      .header("cache-control", "public, max-age=3600")
      .send(css),
  );

  app.get("/lang", async (request, reply) => {
    const v = await visit(request);
    const next: Locale = v.locale === "zh-TW" ? "en" : "zh-TW";
    return reply
      .header("set-cookie", cookie(langCookie, next, yearS))
      .redirect(backTo(request.headers.referer), 303);
  });

  app.get("/login", async (request, reply) => {
    const v = await visit(request);
    if (v.signedIn !== undefined) return reply.redirect("/", 303);
    // Login CSRF: the form's token must match this cookie, set only by this page. One already set
    // is kept: a second tab, or a browser's own request for /favicon.ico sent here, must not
    // invalidate the form already shown.
    const formToken = v.cookies.get(loginCookie) ?? randomBytes(24).toString("base64url");
    reply.header("set-cookie", cookie(loginCookie, formToken));
    return send(reply, 200, loginPage(shellOf(v), formToken, ""));
  });

  app.post("/login", async (request, reply) => {
    const v = await visit(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const name = typeof body.name === "string" ? body.name.trim().slice(0, 64) : "";
    const password = typeof body.password === "string" ? body.password : "";
    const formToken = v.cookies.get(loginCookie);
    if (formToken === undefined || !csrfMatches(formToken, body[csrfField])) {
      await audit(name, "csrf_refused", "POST /login", request);
      return send(reply, 403, messagePage(shellOf(v), "403", v.m.csrfRefused));
    }
    const outcome = await auth.login(name, password, request.ip);
    switch (outcome.kind) {
      case "ok":
        await audit(name, "login", "", request);
        return reply
          .header("set-cookie", [cookie(sessionCookie, outcome.sessionId), cookie(loginCookie, "", 0)])
          .redirect("/", 303);
      case "refused":
        await audit(name, "login_failed", "", request);
        return send(reply, 401, loginPage(shellOf(v), formToken, name, v.m.login.refused));
      case "locked":
        await audit(name, "login_locked", `${outcome.retryAfterS} s`, request);
        reply.header("retry-after", String(outcome.retryAfterS));
        return send(
          reply,
          429,
          loginPage(shellOf(v), formToken, name, v.m.login.tooMany(outcome.retryAfterS)),
        );
    }
  });

  app.post("/logout", async (request, reply) => {
    const v = await visit(request);
    await auth.logout(v.cookies.get(sessionCookie));
    await audit(v.signedIn?.account.name ?? "", "logout", "", request);
    return reply.header("set-cookie", cookie(sessionCookie, "", 0)).redirect("/login", 303);
  });

  /** The store a request asks for, refused with 403 when the viewer may not see it. */
  const askedStore = async (request: FastifyRequest, reply: FastifyReply, v: Visit, viewer: Viewer) => {
    const store = (request.query as Record<string, unknown>).store;
    const asked = typeof store === "string" && store !== "" ? store : undefined;
    if (asked === undefined || canSee(viewer, asked)) return { ok: true as const, asked };
    await audit((v.signedIn as SignedIn).account.name, "forbidden_store", asked, request);
    await send(reply, 403, messagePage(shellOf(v), "403", v.m.forbiddenStore));
    return { ok: false as const };
  };
  const panel = async (v: Visit, viewer: Viewer, asked: string | undefined) =>
    dashboardPanel(
      v.m,
      await readDashboard(options.ledgerStore, viewer, options.now(), timeZone, asked),
      formatTime(v.locale),
    );

  app.get("/", async (request, reply) => {
    const v = await visit(request);
    const viewer = viewerOf((v.signedIn as SignedIn).account);
    const store = await askedStore(request, reply, v, viewer);
    if (!store.ok) return reply;
    const visible = storesInScope(viewer, await options.ledgerStore.storeIds());
    return send(
      reply,
      200,
      dashboardPage(shellOf(v, "dashboard"), await panel(v, viewer, store.asked), visible, store.asked),
    );
  });

  app.get("/dashboard/panel", async (request, reply) => {
    const v = await visit(request);
    const viewer = viewerOf((v.signedIn as SignedIn).account);
    const store = await askedStore(request, reply, v, viewer);
    if (!store.ok) return reply;
    return send(reply, 200, await panel(v, viewer, store.asked));
  });

  const context: PageContext = {
    store: options.ledgerStore,
    ledger: options.ledger,
    log,
    secure: options.secure,
    now: options.now,
    timeZone,
    voidWindowMs: (options.voidWindowHours ?? defaultVoidWindowHours) * 3_600_000,
    visitor: async (request) => {
      const v = await visit(request);
      const { account, session } = v.signedIn as SignedIn;
      return {
        m: v.m,
        locale: v.locale,
        name: account.name,
        viewer: viewerOf(account),
        csrfToken: session.csrfToken,
        shell: (current) => shellOf(v, current),
        formatTime: formatTime(v.locale),
        cookies: v.cookies,
      };
    },
    askedStore: async (request, reply) => {
      const v = await visit(request);
      return askedStore(request, reply, v, viewerOf((v.signedIn as SignedIn).account));
    },
    send,
    cookie,
    audit: async (visitor, done, request) => {
      await audit(visitor.name, done.action, `${done.target}: ${done.detail}`, request);
    },
  };
  registerRedemptionPages(app, context);
  registerExceptionPages(app, context);
  registerReconciliationPages(app, context);
  registerTicketsPage(app, context);
  registerClerksPage(app, context);
  registerDevicesPage(app, context);

  app.get("/audit", async (request, reply) => {
    const v = await visit(request);
    const query = request.query as Record<string, unknown>;
    const search = typeof query.q === "string" ? query.q.slice(0, 200) : "";
    const before =
      typeof query.before === "string" && /^\d{1,15}$/.test(query.before) ? Number(query.before) : undefined;
    const entries = await consoleStore.auditPage({
      limit: auditPageSize,
      ...(search === "" ? {} : { search }),
      ...(before === undefined ? {} : { beforeSeq: before }),
    });
    return send(reply, 200, auditPage(shellOf(v, "audit"), entries, search, formatTime(v.locale)));
  });

  app.get("/audit.csv", async (request, reply) => {
    const v = await visit(request);
    const query = request.query as Record<string, unknown>;
    const search = typeof query.q === "string" && query.q !== "" ? query.q.slice(0, 200) : undefined;
    const { entries } = await consoleStore.auditPage({
      limit: auditCsvMax,
      ...(search === undefined ? {} : { search }),
    });
    const a = v.m.audit;
    async function* rows() {
      for (const e of entries) yield [e.seq, e.at, e.actor, e.action, e.detail, e.address];
    }
    return sendCsv(
      reply,
      "audit.csv",
      csvStream(["seq", a.when, a.who, a.action, a.detail, a.address], rows()),
    );
  });

  // The pages no module has registered yet: reachable, never a 404 (docs/console.md).
  for (const name of pageNames) {
    if (app.hasRoute({ method: "GET", url: pagePaths[name] })) continue;
    app.get(pagePaths[name], async (request, reply) => {
      const v = await visit(request);
      return send(
        reply,
        200,
        page(shellOf(v, name), v.m.pages[name], html`<p class="not-yet">${v.m.notYet}</p>`),
      );
    });
  }

  app.setNotFoundHandler(async (request, reply) => {
    const v = await visit(request);
    return send(reply, 404, messagePage(shellOf(v), "404", v.m.notFound));
  });
  // Fastify's own refusals (a body over its limit, a form it cannot parse) carry a 4xx status: said
  // as what they are, not as a failure of the console.
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const refused = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500;
    const storeDown = isStoreUnavailable(error);
    if (refused)
      log.warn("console request refused", { event: "refused", url: request.url, code: error.code });
    else if (storeDown)
      log.warn("console request refused for now", { event: "refused", url: request.url, why: String(error) });
    else log.error("console request failed", { event: "error", url: request.url, error });
    const v = await visit(request).catch(() => undefined);
    const m = v?.m ?? consoleCatalogues["zh-TW"];
    const shell = v === undefined ? { m, htmxPath } : shellOf(v);
    if (storeDown) {
      reply.header("retry-after", String(storeRetryAfterS));
      return send(reply, 503, messagePage(shell, "503", m.storeDown));
    }
    if (!refused) return send(reply, 500, messagePage(shell, "500", m.failed));
    const said = error.statusCode === 413 ? m.tooLarge(importMaxBodyBytes / 2 ** 20) : m.badRequest;
    return send(reply, error.statusCode ?? 400, messagePage(shell, String(error.statusCode), said));
  });
  // No page of the console may be framed by another site (clickjacking), nor a response be
  // sniffed as another type, nor a URL with a search term leak to another site in a Referer.
  app.addHook("onSend", async (_request, reply) => {
    reply.header("content-security-policy", "frame-ancestors 'none'");
    reply.header("x-frame-options", "DENY");
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "same-origin");
  });
  app.addHook("onResponse", async (request, reply) => {
    log.info("request", {
      event: "request",
      method: request.method,
      route: request.routeOptions.url ?? "(none)",
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    });
  });

  await app.ready();
  return app;
}

/** Back to the page the switch was clicked on: its path only, never another origin. */
function backTo(referer: string | undefined): string {
  if (referer === undefined) return "/";
  try {
    const url = new URL(referer);
    return `${url.pathname}${url.search}`;
  } catch {
    return "/";
  }
}
