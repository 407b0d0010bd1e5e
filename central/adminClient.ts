/**
 * The admin side of the central service as the CLI sees it: `import`, `token` and `revoke` either
 * ask a running service over its unix socket, or, when none answers there, open the data directory
 * themselves. LevelDB admits one process, so opening the directory under a running service would
 * fail; a socket file that nobody answers on is what a crashed service leaves behind. A
 * PostgreSQL database is shared by design: the CLI opens it itself, running service or not.
 */
import { access, mkdir } from "node:fs/promises";
import { request } from "node:http";
import { connect } from "node:net";
import { join } from "node:path";
import { z } from "zod";
import type { Logger } from "../device/logger.js";
import { revokedSchema } from "./adminWire.js";
import { centralSocketPath } from "./centralServer.js";
import type { AddUserOutcome, NewConsoleUser } from "./console/consoleAccounts.js";
import type { ImportFormat } from "./importer.js";
import type { ImportProgressListener } from "./importProgress.js";
import {
  defaultVoidWindowHours,
  type ImportOutcome,
  Ledger,
  type PairingCodeOutcome,
  type TokenOutcome,
} from "./ledger.js";
import { defaultPinPolicy, formatPinPolicy, type PinPolicy } from "./pinPolicy.js";
import { centralDbPath, ledgerStoreAt, type StoreLocation } from "./store/storeLocation.js";

/** What the CLI needs of the service; the Ledger itself serves it when no service runs. */
export interface CentralAdmin {
  /** `progress` is heard only when the CLI opens the directory itself, not through a running service. */
  importText(
    text: string,
    format: ImportFormat,
    progress?: ImportProgressListener,
    pinPolicy?: PinPolicy,
  ): Promise<ImportOutcome>;
  issueToken(deviceId: string, storeId: string): Promise<TokenOutcome>;
  createPairingCode(deviceId: string, storeId: string): Promise<PairingCodeOutcome>;
  revokeDevice(deviceId: string): Promise<number>;
  issueAdminToken(): Promise<string>;
  revokeAdminTokens(): Promise<number>;
  addConsoleUser(user: NewConsoleUser): Promise<AddUserOutcome>;
}

/** `--data` names a directory that holds no central store, and the command may not make one. */
export class NoCentralStoreError extends Error {
  override readonly name = "NoCentralStoreError";
}

/**
 * Runs `work` against the running service on a data directory, or against the directory itself.
 * Only `create` (an import) may make a new store there: a token made in a mistyped directory would
 * be one no running service knows. A database is opened directly.
 */
export async function withCentralAdmin<T>(
  location: StoreLocation,
  logger: Logger,
  work: (admin: CentralAdmin) => Promise<T>,
  options: { readonly create: boolean } = { create: false },
): Promise<T> {
  if (location.kind === "level") {
    const { dataDir } = location;
    const socketPath = centralSocketPath(dataDir);
    if (await socketAnswers(socketPath)) return work(new SocketCentralAdmin(socketPath));
    if (!options.create && !(await holdsCentralStore(dataDir))) {
      throw new NoCentralStoreError(
        `${dataDir} holds no central store: check --data, or create it with "ticket-kiosk central import --data ${dataDir} FILE"`,
      );
    }
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
  }
  const store = await ledgerStoreAt(location);
  await store.open();
  try {
    const ledger = new Ledger({
      store,
      logger,
      now: () => new Date(),
      voidWindowHours: defaultVoidWindowHours, // nothing is voided from the command line
    });
    return await work(ledger);
  } finally {
    await store.close();
  }
}

/** LevelDB writes CURRENT when it creates a database: without it there is no store. */
export async function holdsCentralStore(dataDir: string): Promise<boolean> {
  try {
    await access(join(centralDbPath(dataDir), "CURRENT"));
    return true;
  } catch {
    return false;
  }
}

function socketAnswers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

const problemSchema = z.object({ location: z.string(), message: z.string() });
const countsSchema = z.object({ created: z.number(), updated: z.number(), unchanged: z.number() });
const importedSchema = z.object({
  summary: z.object({
    stores: countsSchema,
    clerks: countsSchema,
    orders: countsSchema,
    tickets: countsSchema,
  }),
  warnings: z.array(problemSchema),
});
const refusedSchema = z.object({ problems: z.array(problemSchema) });
const adminTokenSchema = z.object({ token: z.string() });
const deviceTokenSchema = adminTokenSchema.extend({ pinKey: z.string() });
const unknownStoreSchema = z.object({ knownStoreIds: z.array(z.string()) });
const pairingCodeSchema = z.object({ code: z.string(), expiresAt: z.string() });
const addUserOutcomeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("added"), created: z.boolean() }),
  z.object({
    kind: z.literal("unknown_store"),
    unknown: z.array(z.string()),
    knownStoreIds: z.array(z.string()),
  }),
]);

export class SocketCentralAdmin implements CentralAdmin {
  constructor(private readonly socketPath: string) {}

  async importText(
    text: string,
    format: ImportFormat,
    _progress?: ImportProgressListener,
    pinPolicy: PinPolicy = defaultPinPolicy,
  ): Promise<ImportOutcome> {
    const contentType = format === "csv" ? "text/csv; charset=utf-8" : "application/json";
    const query = new URLSearchParams({ minPin: formatPinPolicy(pinPolicy).join(",") });
    const { status, body } = await this.post(`/admin/import?${query}`, text, contentType);
    if (status === 200) return { ok: true, ...importedSchema.parse(body) };
    if (status === 400 && refusedSchema.safeParse(body).success)
      return { ok: false, ...refusedSchema.parse(body) };
    throw unexpected(status, body);
  }

  issueToken(deviceId: string, storeId: string): Promise<TokenOutcome> {
    return this.forStore("/admin/tokens", deviceId, storeId, deviceTokenSchema);
  }

  createPairingCode(deviceId: string, storeId: string): Promise<PairingCodeOutcome> {
    return this.forStore("/admin/pairing-codes", deviceId, storeId, pairingCodeSchema);
  }

  /** A request naming a device of a store: the answer `made` describes, or the stores there are. */
  private async forStore<T extends object>(
    path: string,
    deviceId: string,
    storeId: string,
    made: z.ZodType<T>,
  ): Promise<({ ok: true } & T) | { ok: false; knownStoreIds: string[] }> {
    const { status, body } = await this.post(path, JSON.stringify({ deviceId, storeId }), "application/json");
    if (status === 200) return { ok: true, ...made.parse(body) };
    if (status === 404 && unknownStoreSchema.safeParse(body).success)
      return { ok: false, ...unknownStoreSchema.parse(body) };
    throw unexpected(status, body);
  }

  async revokeDevice(deviceId: string): Promise<number> {
    const { status, body } = await this.post(
      "/admin/tokens/revoke",
      JSON.stringify({ deviceId }),
      "application/json",
    );
    if (status === 200) return revokedSchema.parse(body).revoked;
    throw unexpected(status, body);
  }

  async issueAdminToken(): Promise<string> {
    const { status, body } = await this.post("/admin/admin-tokens", "{}", "application/json");
    if (status === 200) return adminTokenSchema.parse(body).token;
    throw unexpected(status, body);
  }

  async revokeAdminTokens(): Promise<number> {
    const { status, body } = await this.post("/admin/admin-tokens/revoke", "{}", "application/json");
    if (status === 200) return revokedSchema.parse(body).revoked;
    throw unexpected(status, body);
  }

  async addConsoleUser(user: NewConsoleUser): Promise<AddUserOutcome> {
    const { status, body } = await this.post(
      "/admin/console-users",
      JSON.stringify(user),
      "application/json",
    );
    if (status === 200) return addUserOutcomeSchema.parse(body);
    throw unexpected(status, body);
  }

  private post(path: string, body: string, contentType: string): Promise<{ status: number; body: unknown }> {
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          socketPath: this.socketPath,
          path,
          method: "POST",
          headers: { "content-type": contentType, "content-length": Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", reject);
          response.on("end", () => {
            try {
              resolve({
                status: response.statusCode ?? 0,
                body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
              });
            } catch (error) {
              reject(error);
            }
          });
        },
      );
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  }
}

function unexpected(status: number, body: unknown): Error {
  return new Error(`the central service answered ${status}: ${JSON.stringify(body)}`);
}
