/**
 * What consoleApp.ts hands each page module (redemptionsPage.ts, ticketsPage.ts, …): the store
 * and ledger, the clock, the signed-in visitor, and the app's own ways to answer and to audit, so a
 * page module registers its routes without knowing how sessions, languages or the shell work.
 * Every route a page module registers runs after the app's session and CSRF checks (consoleApp.ts
 * `preHandler`).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "../../../device/logger.js";
import type { Ledger } from "../../ledger.js";
import type { ConsoleMessages, Locale, PageName } from "../consoleMessages.js";
import type { Shell } from "../consolePages.js";
import type { ConsoleLedgerStore } from "../data/consoleStores.js";
import type { Audit, Viewer } from "../data/viewer.js";
import type { Html } from "../html.js";

/** The signed-in person a request is for. */
export interface Visitor {
  readonly m: ConsoleMessages;
  readonly locale: Locale;
  /** The account's name: the actor of what they do. */
  readonly name: string;
  readonly viewer: Viewer;
  /** The session's CSRF token, for the forms a page shows. */
  readonly csrfToken: string;
  shell(current?: PageName): Shell;
  /** An instant as a date and time in the console's time zone. */
  formatTime(iso: string): string;
  /** The cookies the browser sent. */
  readonly cookies: ReadonlyMap<string, string>;
}

export interface PageContext {
  readonly store: ConsoleLedgerStore;
  /** The service's ledger: imports and pairing codes go through it, as from the command line. */
  readonly ledger: Ledger;
  readonly log: Logger;
  /** Whether the console is served over TLS: the URL a kiosk is told to reach it at. */
  readonly secure: boolean;
  readonly now: () => Date;
  /** The console's time zone: the day a date filter names, and the times it shows. */
  readonly timeZone: string;
  /** The central's void window (ledger.ts `voidWindowHours`), for 取消核銷. */
  readonly voidWindowMs: number;
  visitor(request: FastifyRequest): Promise<Visitor>;
  /**
   * The `store` the query asks for: undefined when none; refused (403, audited, answered) when the
   * viewer may not see it.
   */
  askedStore(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ readonly ok: true; readonly asked: string | undefined } | { readonly ok: false }>;
  send(reply: FastifyReply, status: number, body: Html): FastifyReply;
  /** A `Set-Cookie` value, HttpOnly and SameSite=Strict (Secure under TLS); `maxAgeS` 0 clears it. */
  cookie(name: string, value: string, maxAgeS?: number): string;
  /** Writes a data operation's audit entry for the visitor, from the request's address. */
  audit(visitor: Visitor, audit: Audit, request: FastifyRequest): Promise<void>;
}
