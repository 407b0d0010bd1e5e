/**
 * What consoleApp.ts hands each page of this folder: the app to add its routes to, the store and
 * ledger its data operations run on, and the console's common steps (who is signed in, the page
 * shell, sending HTML, the audit log). Each page is a `register…Page(context)` of its own file, so
 * pages are added without touching each other.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "../../../device/logger.js";
import type { Ledger } from "../../ledger.js";
import type { ConsoleAccount } from "../../store/consoleStore.js";
import type { ConsoleMessages, Locale, PageName } from "../consoleMessages.js";
import type { Shell } from "../consolePages.js";
import type { ConsoleLedgerStore } from "../data/consoleStores.js";
import type { Audit, Viewer as DataViewer } from "../data/viewer.js";
import type { Html } from "../html.js";

/** A signed-in request (the console's preHandler lets no other reach a page's route). */
export interface PageVisit {
  readonly m: ConsoleMessages;
  readonly locale: Locale;
  readonly account: ConsoleAccount;
  /** The account as the data operations take it (central/console/data/viewer.ts). */
  readonly viewer: DataViewer;
  readonly csrfToken: string;
  shell(current: PageName): Shell;
}

export interface ConsolePageContext {
  readonly app: FastifyInstance;
  readonly store: ConsoleLedgerStore;
  readonly ledger: Ledger;
  readonly now: () => Date;
  readonly log: Logger;
  /** Whether the console is served over TLS: the URL a kiosk is told to reach it at. */
  readonly secure: boolean;
  visit(request: FastifyRequest): Promise<PageVisit>;
  send(reply: FastifyReply, status: number, body: Html): FastifyReply;
  /** Writes an operation's audit entry with who did it and from where. */
  audit(request: FastifyRequest, actor: string, entry: Audit): Promise<void>;
  formatTime(locale: Locale): (iso: string) => string;
}

/** A console account as the data operations see it: hq every store, a manager theirs. */
export function dataViewerOf(account: ConsoleAccount): DataViewer {
  return account.role === "hq" ? { role: "hq" } : { role: "manager", stores: account.storeIds };
}
