/**
 * The reference central service (docs/domain.md §1 and docs/protocol.md): the HTTP API kiosks sync with and its admin
 * routes for a back office, over a LevelDB store in a data directory, plus an admin endpoint on
 * the unix socket `<dataDir>/central.sock`. LevelDB admits one process, so the CLI's `import`,
 * `token` and `revoke` ask a running service through that socket instead of opening the directory
 * themselves. Or over a PostgreSQL database (`databaseUrl`): several services may share it, the
 * CLI opens the database itself, and there is no admin socket.
 *
 * Lifecycle: the constructor only assigns; `start()` opens the store and the admin socket;
 * `listen()` opens the API port, over HTTPS when given a certificate and within the limits of
 * transportLimits.ts (docs/security.md, "Transport" and "Limits"); `stop()` stops taking requests,
 * lets the ones in flight finish (they may be mid-commit), then closes the store. Start and stop are idempotent. A socket file
 * left by a service that crashed is removed at start: holding the LevelDB lock proves no live
 * service owns it.
 */
import { chmod, mkdir, rm } from "node:fs/promises";
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Logger } from "../device/logger.js";
import { damageSummary } from "../device/storeIntegrity.js";
import { adminApiRoutes, adminSocketRoutes } from "./adminRoutes.js";
import { AdminView } from "./adminView.js";
import { apiRoutes } from "./apiRoutes.js";
import type { AddUserOutcome, NewConsoleUser } from "./console/consoleAccounts.js";
import { createRouter, type Route, type RouterOptions } from "./httpRouter.js";
import {
  defaultClockToleranceMinutes,
  defaultVoidWindowHours,
  type ImportOutcome,
  Ledger,
  type TokenOutcome,
} from "./ledger.js";
import { pairingApiRoutes, pairingSocketRoutes } from "./pairingRoutes.js";
import type { ConsoleData } from "./store/consoleData.js";
import type { LedgerStore } from "./store/ledgerStore.js";
import { describeLocation, ledgerStoreAt, type StoreLocation } from "./store/storeLocation.js";
import { unavailableRefusal } from "./storeUnavailable.js";
import { TokenRateLimit } from "./tokenRateLimit.js";
import { defaultTransportLimits, serverTimeouts, type TransportLimits } from "./transportLimits.js";

export type CentralServiceOptions = {
  readonly logger: Logger;
  readonly now?: () => Date;
  /** How long after a redemption a supervisor may void it; 24 unless given. */
  readonly voidWindowHours?: number;
  /** How far an offline redemption's time may stray from its bounds (ledger.ts); 5 unless given. */
  readonly clockToleranceMinutes?: number;
} & ({ readonly dataDir: string } | { readonly databaseUrl: string });

export interface ListenOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /**
   * A PEM certificate (with its chain) and its key: the API is served over HTTPS. Without them it is
   * plain HTTP, for loopback or behind a reverse proxy that holds the certificate (docs/deploy.md).
   */
  readonly tls?: {
    readonly cert: string;
    readonly key: string;
    /** The PEM of the CA that signed `cert`, handed to kiosks that pair (pairingRoutes.ts). */
    readonly ca?: string;
  };
  /** Any limit not given keeps its default (transportLimits.ts). */
  readonly limits?: Partial<TransportLimits>;
}

/** Kiosk requests are small: 200 redemptions are well under 100 kB. Imports set their own limit. */
const apiMaxBodyBytes = 1024 * 1024;

export function centralSocketPath(dataDir: string): string {
  return join(dataDir, "central.sock");
}

interface Running {
  readonly store: LedgerStore & ConsoleData;
  readonly ledger: Ledger;
  readonly view: AdminView;
  /** The admin socket, for a LevelDB store only. */
  readonly admin: HttpServer | undefined;
  api?: Promise<HttpServer & { readonly url: string }> | undefined;
  /** The web console, loaded at its first request (console/consoleApp.ts). */
  console?: Promise<ConsoleApp> | undefined;
}

/** What the server needs of the console: its request handler and its close. */
interface ConsoleApp {
  routing(request: IncomingMessage, response: ServerResponse): void;
  close(): Promise<unknown>;
}

/** A node:http(s) server with the requests it is still answering, so stop can wait for them. */
interface HttpServer {
  readonly server: Server | HttpsServer;
  readonly pending: Set<Promise<void>>;
}

export class CentralService {
  private readonly location: StoreLocation;
  private readonly logger: Logger;
  private readonly now: () => Date;
  private readonly voidWindowHours: number;
  private readonly clockToleranceMinutes: number;
  private running: Promise<Running> | undefined;

  constructor(options: CentralServiceOptions) {
    this.location =
      "dataDir" in options
        ? { kind: "level", dataDir: options.dataDir }
        : { kind: "postgres", url: options.databaseUrl };
    this.logger = options.logger;
    this.now = options.now ?? (() => new Date());
    this.voidWindowHours = options.voidWindowHours ?? defaultVoidWindowHours;
    this.clockToleranceMinutes = options.clockToleranceMinutes ?? defaultClockToleranceMinutes;
  }

  /** The running service's store, for the web console's data operations (central/console/data/). */
  async consoleData(): Promise<LedgerStore & ConsoleData> {
    return (await this.started()).store;
  }

  /** The admin socket's path; undefined on PostgreSQL, where the CLI opens the database itself. */
  get socketPath(): string | undefined {
    return this.location.kind === "level" ? centralSocketPath(this.location.dataDir) : undefined;
  }

  async start(): Promise<void> {
    await this.started();
  }

  /** Opens the HTTP API (starting the service first if needed); a second call returns the same URL. */
  async listen(options: ListenOptions): Promise<{ url: string }> {
    const running = await this.started();
    if (running.api !== undefined) return { url: (await running.api).url };
    running.api = this.openApi(running, options).catch((error: unknown) => {
      running.api = undefined;
      throw error;
    });
    const { url } = await running.api;
    // Only now: a port in use must fail the start with nothing claiming it had started.
    this.logger.info("started", {
      event: "started",
      store: describeLocation(this.location),
      voidWindowHours: this.voidWindowHours,
      url,
      // What an operator tuning the service needs to see (docs/security.md, "Limits").
      limits: limitsOf(options),
    });
    return { url };
  }

  async stop(): Promise<void> {
    const starting = this.running;
    this.running = undefined;
    const running = await starting?.catch(() => undefined);
    if (running === undefined) return;
    const api = await running.api?.catch(() => undefined);
    if (api !== undefined) await shutDown(api);
    await (await running.console?.catch(() => undefined))?.close();
    if (running.admin !== undefined) await shutDown(running.admin);
    if (this.socketPath !== undefined) await rm(this.socketPath, { force: true });
    await running.store.close();
  }

  /** Imports a catalogue already parsed from JSON (the demo's, for one). */
  async importDocument(document: unknown): Promise<ImportOutcome> {
    return (await this.started()).ledger.importDocument(document);
  }

  async issueToken(deviceId: string, storeId: string): Promise<TokenOutcome> {
    return (await this.started()).ledger.issueToken(deviceId, storeId);
  }

  async issueAdminToken(): Promise<string> {
    return (await this.started()).ledger.issueAdminToken();
  }

  /** A web console account, as `central user add` makes one (console/consoleAccounts.ts). */
  async addConsoleUser(user: NewConsoleUser): Promise<AddUserOutcome> {
    return (await this.started()).ledger.addConsoleUser(user);
  }

  private started(): Promise<Running> {
    this.running ??= this.open().catch((error: unknown) => {
      this.running = undefined;
      throw error;
    });
    return this.running;
  }

  private async open(): Promise<Running> {
    if (this.location.kind === "level") await mkdir(this.location.dataDir, { recursive: true, mode: 0o700 });
    const store = await ledgerStoreAt(this.location, this.now);
    await store.open();
    const damage = damageSummary(store.integrity());
    if (damage !== null) {
      this.logger.error(
        "central store damaged: `ticket-kiosk central verify` lists it (docs/reliability.md)",
        {
          event: "store_damaged",
          ...damage,
        },
      );
    }
    try {
      const ledger = new Ledger({
        store,
        logger: this.logger,
        now: this.now,
        voidWindowHours: this.voidWindowHours,
        clockToleranceMinutes: this.clockToleranceMinutes,
      });
      const admin = await this.adminSocket(ledger);
      return { store, ledger, view: new AdminView(store), admin };
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  private async adminSocket(ledger: Ledger): Promise<HttpServer | undefined> {
    const socketPath = this.socketPath;
    if (socketPath === undefined) return undefined;
    await rm(socketPath, { force: true });
    const routes = [...adminSocketRoutes(ledger), ...pairingSocketRoutes(ledger)];
    const admin = this.httpServer(routes, "admin", (listener) => createServer(listener));
    await listenOn(admin.server, () => admin.server.listen(socketPath));
    await chmod(socketPath, 0o600);
    return admin;
  }

  private async openApi(
    running: Running,
    options: ListenOptions,
  ): Promise<HttpServer & { readonly url: string }> {
    const { ledger, view } = running;
    const routes = [
      ...apiRoutes(ledger),
      ...adminApiRoutes(ledger, view),
      ...pairingApiRoutes(ledger, { caCertificate: options.tls?.ca }),
    ];
    const limits = limitsOf(options);
    const rateLimit = new TokenRateLimit(limits);
    const { tls } = options;
    const api = this.httpServer(
      routes,
      "api",
      (listener) =>
        tls === undefined
          ? createServer(serverTimeouts(limits), listener)
          : createHttpsServer({ ...serverTimeouts(limits), cert: tls.cert, key: tls.key }, listener),
      (request) => rateLimit.admit(request),
      (request, response) => this.serveConsole(running, tls !== undefined, request, response),
    );
    // Beyond the cap node closes a new connection at once; a slow one frees its place after
    // headersTimeoutMs, so the cap can be filled but not kept full (docs/security.md, "Limits").
    api.server.maxConnections = limits.maxConnections;
    await listenOn(api.server, () => api.server.listen(options.port, options.host));
    const address = api.server.address() as AddressInfo;
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    return { ...api, url: `${tls === undefined ? "http" : "https"}://${host}:${address.port}` };
  }

  /**
   * Everything outside `/v1/` goes to the web console, loaded at its first request so a central
   * that serves only kiosks starts as fast as before (docs/architecture.md, "Web console"). A load
   * that fails answers 500 and is tried again at the next request.
   */
  private async serveConsole(
    running: Running,
    secure: boolean,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    running.console ??= import("./console/consoleApp.js")
      .then(({ startConsole }) =>
        startConsole({
          ledgerStore: running.store,
          ledger: running.ledger,
          logger: this.logger,
          now: this.now,
          secure,
          voidWindowHours: this.voidWindowHours,
        }),
      )
      .catch((error: unknown) => {
        running.console = undefined;
        throw error;
      });
    const answered = new Promise<void>((resolve) => response.once("close", resolve));
    try {
      (await running.console).routing(request, response);
    } catch (error) {
      this.logger.error("the web console failed to load", { event: "console_failed", error });
      response.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("console unavailable\n");
    }
    await answered;
  }

  private httpServer(
    routes: readonly Route[],
    name: string,
    create: (listener: RequestListener) => Server | HttpsServer,
    admit?: RouterOptions["admit"],
    console?: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
  ): HttpServer {
    const route = createRouter({
      routes,
      maxBodyBytes: apiMaxBodyBytes,
      logger: this.logger.child(name),
      refusalOf: unavailableRefusal,
      ...(admit === undefined ? {} : { admit }),
    });
    const pending = new Set<Promise<void>>();
    const server = create((request, response) => {
      const handled =
        console === undefined || isApiPath(request.url)
          ? route(request, response)
          : console(request, response);
      pending.add(handled);
      void handled.finally(() => pending.delete(handled));
    });
    return { server, pending };
  }
}

/** The kiosk API and admin API: `/v1` and below; every other path is the console's. */
function isApiPath(url: string | undefined): boolean {
  return url === undefined || url === "/v1" || url.startsWith("/v1/") || url.startsWith("/v1?");
}

function limitsOf(options: ListenOptions): TransportLimits {
  return { ...defaultTransportLimits, ...options.limits };
}

function listenOn(server: Server | HttpsServer, listen: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.once("listening", () => {
      server.off("error", reject);
      resolve();
    });
    listen();
  });
}

/** Stops accepting, waits for the answers in flight, then drops keep-alive connections. */
async function shutDown({ server, pending }: HttpServer): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await Promise.allSettled([...pending]);
  server.closeAllConnections();
  await closed;
}
