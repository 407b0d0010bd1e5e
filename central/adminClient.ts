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
import * as v from "valibot";
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

const problemSchema = v.object({ location: v.string(), message: v.string() });
const countsSchema = v.object({ created: v.number(), updated: v.number(), unchanged: v.number() });
const importedSchema = v.object({
  summary: v.object({
    stores: countsSchema,
    clerks: countsSchema,
    orders: countsSchema,
    tickets: countsSchema,
  }),
  warnings: v.array(problemSchema),
});
const refusedSchema = v.object({ problems: v.array(problemSchema) });
const adminTokenSchema = v.object({ token: v.string() });
const deviceTokenSchema = v.object({ ...adminTokenSchema.entries, pinKey: v.string() });
const unknownStoreSchema = v.object({ knownStoreIds: v.array(v.string()) });
const pairingCodeSchema = v.object({ code: v.string(), expiresAt: v.string() });
const addUserOutcomeSchema = v.variant("kind", [
  v.object({ kind: v.literal("added"), created: v.boolean() }),
  v.object({
    kind: v.literal("unknown_store"),
    unknown: v.array(v.string()),
    knownStoreIds: v.array(v.string()),
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
    if (status === 200) return { ok: true, ...v.parse(importedSchema, body) };
    if (status === 400 && v.is(refusedSchema, body)) return { ok: false, ...v.parse(refusedSchema, body) };
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
    made: v.GenericSchema<unknown, T>,
  ): Promise<({ ok: true } & T) | { ok: false; knownStoreIds: string[] }> {
    const { status, body } = await this.post(path, JSON.stringify({ deviceId, storeId }), "application/json");
    if (status === 200) return { ok: true, ...v.parse(made, body) };
    if (status === 404 && v.is(unknownStoreSchema, body))
      return { ok: false, ...v.parse(unknownStoreSchema, body) };
    throw unexpected(status, body);
  }

  async revokeDevice(deviceId: string): Promise<number> {
    const { status, body } = await this.post(
      "/admin/tokens/revoke",
      JSON.stringify({ deviceId }),
      "application/json",
    );
    if (status === 200) return v.parse(revokedSchema, body).revoked;
    throw unexpected(status, body);
  }

  async issueAdminToken(): Promise<string> {
    const { status, body } = await this.post("/admin/admin-tokens", "{}", "application/json");
    if (status === 200) return v.parse(adminTokenSchema, body).token;
    throw unexpected(status, body);
  }

  async revokeAdminTokens(): Promise<number> {
    const { status, body } = await this.post("/admin/admin-tokens/revoke", "{}", "application/json");
    if (status === 200) return v.parse(revokedSchema, body).revoked;
    throw unexpected(status, body);
  }

  async addConsoleUser(user: NewConsoleUser): Promise<AddUserOutcome> {
    const { status, body } = await this.post(
      "/admin/console-users",
      JSON.stringify(user),
      "application/json",
    );
    if (status === 200) return v.parse(addUserOutcomeSchema, body);
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
