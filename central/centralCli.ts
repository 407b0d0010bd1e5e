/**
 * `ticket-kiosk central …` (docs/protocol.md): serve the reference central service, import a
 * catalogue, make a device or admin token, make a one-time code to pair a kiosk by scanning, revoke
 * tokens, check a LevelDB store, migrate a PostgreSQL database. Every subcommand takes `--data DIR` (LevelDB) or `--database URL`
 * (PostgreSQL; or the environment variable TICKET_KIOSK_CENTRAL_DATABASE, docs/central.md). Exit status 2 for usage errors, a bad
 * import file or an unknown store; 1 when the service or the data directory fails. Serving
 * returns the running service, so the entry point (which owns the process and its signals) can
 * stop it on SIGTERM.
 */
import { readFile } from "node:fs/promises";
import type { Writable } from "node:stream";
import { parseArgs } from "node:util";
import * as v from "valibot";
import type { Logger } from "../device/logger.js";
import { isLoopbackHost } from "../device/loopbackHost.js";
import { groupedPairingCode, pairingText, pairingTtlMs } from "../device/ports/pairingWire.js";
import { isStoreFormatError, newerStoreExitStatus } from "../device/storeFormat.js";
import { damageSummary, writeVerdict } from "../device/storeIntegrity.js";
import { NoCentralStoreError, withCentralAdmin } from "./adminClient.js";
import { unknownStoreMessage } from "./adminRoutes.js";
import { CentralService } from "./centralServer.js";
import { CentralStore } from "./centralStore.js";
import { newConsoleUserSchema } from "./console/consoleAccounts.js";
import { minPasswordLength } from "./console/passwordHash.js";
import { type PasswordInput, readPassword } from "./console/passwordPrompt.js";
import { exportCommand, restoreCommand } from "./dumpCommands.js";
import type { ImportProblem } from "./importDocument.js";
import { importFormatOf } from "./importer.js";
import type { ImportCounts, ImportSummary } from "./importPlan.js";
import { ImportProgressReport } from "./importProgress.js";
import { tokenRequestSchema } from "./ledger.js";
import { pairingQrTerminal } from "./pairingQr.js";
import { parsePinPolicy } from "./pinPolicy.js";
import { centralDbPath, databaseEnv, type StoreLocation } from "./store/storeLocation.js";

export interface CentralIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
  readonly logger: Logger;
  /** Where `user add` reads the password; absent: none can be read. */
  readonly stdin?: PasswordInput;
}

const centralUsage = `usage:
  ticket-kiosk central --data DIR [--host H] [--port P] [--void-window-hours H]
                     [--clock-tolerance-minutes M]
                     [--tls-cert FILE --tls-key FILE [--tls-ca FILE]] [--allow-insecure]
                     [--max-connections N] [--rate-per-second N] [--rate-burst N]
                                                            serve (a supervisor may void a redemption
                                                            for 24 hours; an offline redemption's time
                                                            may stray 5 minutes from its bounds before
                                                            it is flagged clock_suspect); HTTPS with
                                                            --tls-cert and --tls-key, on all addresses
                                                            unless --host says; plain HTTP on
                                                            127.0.0.1 unless --host names another
                                                            address, which needs --allow-insecure
                                                            (tokens would travel in clear)
  ticket-kiosk central import --data DIR [--min-pin ROLE=N]... FILE
                                                            import a catalogue (.json or .csv); PINs at least
                                                            supervisor=6, redeem=4 digits unless --min-pin says
  ticket-kiosk central token --data DIR --device ID --store STORE   make a device token (stdout) and its PIN key (stderr)
  ticket-kiosk central token --data DIR --admin             make an admin token (/v1/admin/…)
  ticket-kiosk central pair --data DIR --store STORE --name ID [--url URL]
                                                            a one-time pairing code for a kiosk, as text
                                                            and a QR code to scan (10 minutes, once);
                                                            --url: the central service as kiosks reach it
  ticket-kiosk central revoke --data DIR --device ID        revoke every token of a device
  ticket-kiosk central revoke --data DIR --admin            revoke every admin token
  ticket-kiosk central verify --data DIR                    check a LevelDB store (stopped service): exit 0
                                                            intact, 1 damage listed, 3 newer format
  ticket-kiosk central user add --data DIR --name NAME --role hq|manager [--store ID]...
                                                            add (or replace) a web console account; the
                                                            password is read from stdin, at least
                                                            ${minPasswordLength} characters (docs/console.md)
  ticket-kiosk central migrate --database URL               apply the PostgreSQL schema migrations not
                                                            yet applied
  ticket-kiosk central export --data DIR [--out FILE]       dump the whole store (NDJSON) to FILE or stdout
                                                            (LevelDB: with the service stopped)
  ticket-kiosk central restore --data DIR FILE              load a dump into an empty store: exit 0 restored,
                                                            2 not a whole dump, 4 the store is not empty
Every subcommand but verify takes --database postgres://USER@HOST:PORT/DB (PostgreSQL, several
services on one database) in place of --data DIR (LevelDB, one process); without either, the URL
in ${databaseEnv}.`;

/** The options every subcommand takes to name its store. */
const storeOptions = { data: { type: "string" }, database: { type: "string" } } as const;

/** Up to a year: longer than any void policy, short enough to catch a typo of minutes for hours. */
const maxVoidWindowHours = 8760;
/** Up to a day: a kiosk clock further off than that is a fault to look at, not to tolerate. */
const maxClockToleranceMinutes = 1440;

class UsageError extends Error {
  override readonly name = "UsageError";
}

export async function centralCommand(
  args: string[],
  io: CentralIo,
): Promise<number | { stop(): Promise<void> }> {
  const [subcommand, ...rest] = args;
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout.write(`${centralUsage}\n`);
    return 0;
  }
  try {
    if (subcommand === "import") return await importCommand(rest, io);
    if (subcommand === "token") return await tokenCommand(rest, io);
    if (subcommand === "pair") return await pairCommand(rest, io);
    if (subcommand === "revoke") return await revokeCommand(rest, io);
    if (subcommand === "verify") return await verifyCommand(rest, io);
    if (subcommand === "migrate") return await migrateCommand(rest, io);
    if (subcommand === "export") return await exportArgs(rest, io);
    if (subcommand === "restore") return await restoreArgs(rest, io);
    if (subcommand === "user") return await userCommand(rest, io);
    return await serveCommand(args, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr.write(`${(error as Error).message}\n${centralUsage}\n`);
      return 2;
    }
    if (error instanceof NoCentralStoreError) {
      io.stderr.write(`central: ${error.message}\n`);
      return 2;
    }
    if (isStoreFormatError(error)) {
      io.stderr.write(`central: ${error.message}\n`);
      return newerStoreExitStatus;
    }
    io.stderr.write(`central: ${describeFailure(error)}\n`);
    return 1;
  }
}

/** A decimal option's value, above `above` and at most `max`. */
function positiveNumber(flag: string, raw: string, range: { above: number; max: number }): number {
  const value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
  if (value > range.above && value <= range.max) return value;
  const least = range.above < 0 ? "at least 0" : `above ${range.above}`;
  throw new UsageError(`${flag} must be ${least} and at most ${range.max}, not "${raw}"`);
}

async function serveCommand(args: string[], io: CentralIo): Promise<{ stop(): Promise<void> }> {
  const { values } = parseArgs({
    args,
    options: {
      ...storeOptions,
      host: { type: "string" },
      port: { type: "string" },
      "void-window-hours": { type: "string" },
      "tls-cert": { type: "string" },
      "tls-key": { type: "string" },
      "tls-ca": { type: "string" },
      "allow-insecure": { type: "boolean" },
      "max-connections": { type: "string" },
      "rate-per-second": { type: "string" },
      "rate-burst": { type: "string" },
      "clock-tolerance-minutes": { type: "string" },
    },
    strict: true,
  });
  const location = storeLocation(values, io.env);
  const port = values.port ?? "8787";
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65_535)
    throw new UsageError(`--port must be 0 to 65535, not "${port}"`);
  const voidWindowHours = positiveNumber("--void-window-hours", values["void-window-hours"] ?? "24", {
    above: 0,
    max: maxVoidWindowHours,
  });
  const clockToleranceMinutes = positiveNumber(
    "--clock-tolerance-minutes",
    values["clock-tolerance-minutes"] ?? "5",
    { above: -1, max: maxClockToleranceMinutes },
  );
  const tls = await tlsFiles(values["tls-cert"], values["tls-key"], values["tls-ca"]);
  const host = values.host ?? (tls === undefined ? "127.0.0.1" : "0.0.0.0");
  if (tls === undefined && !isLoopbackHost(host) && values["allow-insecure"] !== true)
    throw new UsageError(
      `--host ${host} without --tls-cert and --tls-key would send device tokens and customer data in clear: give a certificate, listen on 127.0.0.1 behind a TLS reverse proxy, or pass --allow-insecure`,
    );
  const limits = {
    ...positiveFlag(values["max-connections"], "--max-connections", "maxConnections"),
    ...positiveFlag(values["rate-per-second"], "--rate-per-second", "ratePerSecond", true),
    ...positiveFlag(values["rate-burst"], "--rate-burst", "rateBurst"),
  };
  const service = new CentralService({
    ...(location.kind === "level" ? { dataDir: location.dataDir } : { databaseUrl: location.url }),
    logger: io.logger,
    voidWindowHours,
    clockToleranceMinutes,
    ...testOnlyClock(io),
  });
  try {
    const { url } = await service.listen({
      host,
      port: Number(port),
      limits,
      ...(tls === undefined ? {} : { tls }),
    });
    io.logger.info("listening", { event: "listening", url });
    return service;
  } catch (error) {
    await service.stop();
    throw error;
  }
}

async function importCommand(args: string[], io: CentralIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...storeOptions, "min-pin": { type: "string", multiple: true } },
    allowPositionals: true,
    strict: true,
  });
  const location = storeLocation(values, io.env);
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError("import takes exactly one FILE");
  const pinPolicy = parsePinPolicy(values["min-pin"] ?? []);
  if (typeof pinPolicy === "string") throw new UsageError(pinPolicy);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    io.stderr.write(`cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  // Importing is how a central service's data begins, so it may create the directory.
  const report = new ImportProgressReport(io.stderr);
  const outcome = await withCentralAdmin(
    location,
    io.logger,
    (admin) => admin.importText(text, importFormatOf(file), report.listener, pinPolicy),
    { create: true },
  ).finally(() => report.finish());
  if (!outcome.ok) {
    io.stderr.write(
      `${file}: nothing imported, ${outcome.problems.length} problem(s):\n${listProblems(outcome.problems)}`,
    );
    return 2;
  }
  if (outcome.warnings.length > 0) io.stderr.write(`${file}: warnings:\n${listProblems(outcome.warnings)}`);
  io.stdout.write(`${summaryLine(file, outcome.summary)}\n`);
  return 0;
}

async function tokenCommand(args: string[], io: CentralIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...storeOptions,
      device: { type: "string" },
      store: { type: "string" },
      admin: { type: "boolean" },
    },
    strict: true,
  });
  const location = storeLocation(values, io.env);
  if (values.admin === true) {
    if (values.device !== undefined || values.store !== undefined)
      throw new UsageError("--admin takes no --device or --store: an admin token is for no one device");
    const token = await withCentralAdmin(location, io.logger, (admin) => admin.issueAdminToken());
    io.stdout.write(`${token}\n`);
    return 0;
  }
  const request = v.safeParse(tokenRequestSchema, {
    deviceId: required(values.device, "--device"),
    storeId: required(values.store, "--store"),
  });
  if (!request.success) throw new UsageError("--device and --store are 1 to 64 characters");
  const { deviceId, storeId } = request.output;
  const outcome = await withCentralAdmin(location, io.logger, (admin) => admin.issueToken(deviceId, storeId));
  if (!outcome.ok) {
    io.stderr.write(`${unknownStoreMessage(storeId, outcome.knownStoreIds)}\n`);
    return 2;
  }
  // The token alone on stdout, as scripts take it (docs/protocol.md); its PIN key on stderr, shown
  // this once (device/pinVerifier.ts; README, set-up).
  io.stdout.write(`${outcome.token}\n`);
  io.stderr.write(`${pinKeyLabel} ${outcome.pinKey}\n`);
  return 0;
}

/**
 * A one-time pairing code (docs/central.md, "Pairing a kiosk"): the QR code a kiosk scans, the
 * code as text, and when it expires. The code is the only secret shown: the token it makes is
 * given to the kiosk that scans it, never printed.
 */
async function pairCommand(args: string[], io: CentralIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...storeOptions,
      store: { type: "string" },
      name: { type: "string" },
      url: { type: "string" },
    },
    strict: true,
  });
  const location = storeLocation(values, io.env);
  const request = v.safeParse(tokenRequestSchema, {
    deviceId: required(values.name, "--name"),
    storeId: required(values.store, "--store"),
  });
  if (!request.success) throw new UsageError("--name and --store are 1 to 64 characters");
  const url = values.url;
  if (url !== undefined && !(URL.canParse(url) && /^https?:$/.test(new URL(url).protocol)))
    throw new UsageError(`--url takes the central service's http(s):// URL as kiosks reach it, not "${url}"`);
  const { deviceId, storeId } = request.output;
  const outcome = await withCentralAdmin(location, io.logger, (admin) =>
    admin.createPairingCode(deviceId, storeId),
  );
  if (!outcome.ok) {
    io.stderr.write(`${unknownStoreMessage(storeId, outcome.knownStoreIds)}\n`);
    return 2;
  }
  const text = pairingText(outcome.code, url);
  io.stdout.write(
    [
      pairingQrTerminal(text),
      `device:  ${deviceId} of store ${storeId}`,
      `code:    ${groupedPairingCode(outcome.code)}`,
      `${pairingTextLabel} ${text}`,
      `expires: ${outcome.expiresAt} (in ${pairingTtlMs / 60_000} minutes; it works once)`,
      url === undefined
        ? "scan it with the kiosk's scanner (the kiosk's central.url is used), or: ticket-kiosk pair --config FILE --code CODE"
        : "scan it with the kiosk's scanner, or: ticket-kiosk pair --config FILE --code CODE",
      "",
    ].join("\n"),
  );
  return 0;
}

/** What precedes the QR code's text on `central pair`'s stdout. */
export const pairingTextLabel = "QR text:";

/**
 * `TK_TEST_CENTRAL_CLOCK_OFFSET_MS`: the service's clock runs that far ahead (or behind, negative),
 * so a test can let a pairing code expire without waiting ten minutes. Never set it on a service;
 * it says so in the log when it is.
 */
function testOnlyClock(io: CentralIo): { now?: () => Date } {
  const raw = io.env.TK_TEST_CENTRAL_CLOCK_OFFSET_MS;
  if (raw === undefined || raw === "") return {};
  const offsetMs = Number(raw);
  if (!Number.isFinite(offsetMs))
    throw new UsageError(`TK_TEST_CENTRAL_CLOCK_OFFSET_MS is not a number: "${raw}"`);
  io.logger.warn("TK_TEST_CENTRAL_CLOCK_OFFSET_MS is set: the clock is moved (a test-only setting)", {
    offsetMs,
  });
  return { now: () => new Date(Date.now() + offsetMs) };
}

/** What precedes the PIN key on `central token`'s stderr. */
export const pinKeyLabel = "PIN key (install it as pin.key, mode 0600, in the kiosk's data folder):";

async function revokeCommand(args: string[], io: CentralIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...storeOptions, device: { type: "string" }, admin: { type: "boolean" } },
    strict: true,
  });
  const location = storeLocation(values, io.env);
  if (values.admin === true) {
    if (values.device !== undefined) throw new UsageError("give either --device or --admin");
    const revoked = await withCentralAdmin(location, io.logger, (admin) => admin.revokeAdminTokens());
    io.stdout.write(`revoked ${revoked} admin token(s)\n`);
    return 0;
  }
  const deviceId = required(values.device, "--device");
  const revoked = await withCentralAdmin(location, io.logger, (admin) => admin.revokeDevice(deviceId));
  io.stdout.write(`revoked ${revoked} token(s) of device ${deviceId}\n`);
  return 0;
}

/**
 * The check every open of a LevelDB store runs (centralIntegrity.ts), on its own; the service must
 * be stopped. PostgreSQL has its own (data checksums, `pg_amcheck`): this one is LevelDB's only.
 */
async function verifyCommand(args: string[], io: CentralIo): Promise<number> {
  const { values } = parseArgs({ args, options: storeOptions, strict: true });
  const given = storeLocation(values, io.env);
  if (given.kind === "postgres") {
    throw new UsageError(
      "central verify checks a LevelDB store (--data DIR) only: its records are sealed with checksums; on PostgreSQL use data checksums and pg_amcheck (docs/central.md)",
    );
  }
  const location = centralDbPath(given.dataDir);
  const store = new CentralStore(location);
  await store.open();
  try {
    return writeVerdict(`central store ${location}`, damageSummary(store.integrity()), io);
  } finally {
    await store.close();
  }
}

/** `user add`: a web console account, its password from stdin (console/passwordPrompt.ts). */
async function userCommand(args: string[], io: CentralIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      ...storeOptions,
      name: { type: "string" },
      role: { type: "string" },
      store: { type: "string", multiple: true },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1 || positionals[0] !== "add") throw new UsageError("central user takes add");
  const location = storeLocation(values, io.env);
  const role = values.role;
  if (role !== "hq" && role !== "manager") throw new UsageError("--role is hq or manager");
  if (io.stdin === undefined) throw new UsageError("user add reads the password from stdin");
  const password = await readPassword(io.stdin, io.stderr);
  if (password.length < minPasswordLength) {
    io.stderr.write(
      `the password is too short: at least ${minPasswordLength} characters; nothing was changed\n`,
    );
    return 2;
  }
  const user = v.safeParse(newConsoleUserSchema, {
    name: required(values.name, "--name"),
    role,
    storeIds: values.store ?? [],
    password,
  });
  if (!user.success) throw new UsageError(user.issues.map((issue) => issue.message).join("; "));
  const outcome = await withCentralAdmin(location, io.logger, (admin) => admin.addConsoleUser(user.output));
  if (outcome.kind === "unknown_store") {
    io.stderr.write(`${unknownStoreMessage(outcome.unknown.join(", "), outcome.knownStoreIds)}\n`);
    return 2;
  }
  io.stdout.write(
    `${outcome.created ? "added" : "replaced"} console account ${user.output.name} (${role})\n`,
  );
  return 0;
}

/** Applies the schema migrations a PostgreSQL database has not had yet (docs/central.md). */
async function migrateCommand(args: string[], io: CentralIo): Promise<number> {
  const { values } = parseArgs({ args, options: storeOptions, strict: true });
  const store = storeLocation(values, io.env);
  if (store.kind === "level") {
    throw new UsageError(
      "central migrate is for a PostgreSQL database (--database URL): a LevelDB store migrates itself at open",
    );
  }
  const { migrateDatabase } = await import("./store/pgLedgerStore.js");
  const applied = await migrateDatabase(store.url);
  io.stdout.write(
    applied.length === 0
      ? "the database schema is up to date\n"
      : `applied schema migration(s) ${applied.join(", ")}\n`,
  );
  return 0;
}

/** `central export`: the store, and where the dump goes (docs/central.md "Backups and restore"). */
function exportArgs(args: string[], io: CentralIo): Promise<number> {
  const { values } = parseArgs({ args, options: { ...storeOptions, out: { type: "string" } }, strict: true });
  return exportCommand(storeLocation(values, io.env), values.out, io);
}

/** `central restore`: the store, and the one dump file to load into it. */
function restoreArgs(args: string[], io: CentralIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: storeOptions,
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError("restore takes exactly one FILE");
  return restoreCommand(storeLocation(values, io.env), file, io);
}

/** `--data` or `--database`, else the database the environment names; one of them is required. */
function storeLocation(
  values: { readonly data?: string | undefined; readonly database?: string | undefined },
  env: NodeJS.ProcessEnv,
): StoreLocation {
  if (values.data !== undefined && values.database !== undefined)
    throw new UsageError("give either --data or --database, not both");
  if (values.data !== undefined) return { kind: "level", dataDir: required(values.data, "--data") };
  const url = values.database ?? env[databaseEnv];
  if (url === undefined || url === "") throw new UsageError(`--data DIR or --database URL is required`);
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new UsageError(`--database takes a postgres://USER@HOST:PORT/DB URL, not "${url}"`);
  return { kind: "postgres", url };
}

/**
 * Both files or neither, and the CA kiosks that pair are told to trust only with them; each read
 * now, so a wrong path is a usage error before anything starts.
 */
async function tlsFiles(
  certFile: string | undefined,
  keyFile: string | undefined,
  caFile: string | undefined,
): Promise<{ cert: string; key: string; ca?: string } | undefined> {
  if (certFile === undefined && keyFile === undefined) {
    if (caFile !== undefined) throw new UsageError("--tls-ca needs --tls-cert and --tls-key");
    return undefined;
  }
  if (certFile === undefined || keyFile === undefined)
    throw new UsageError("give both --tls-cert and --tls-key, or neither");
  const read = async (file: string, flag: string) => {
    try {
      return await readFile(file, "utf8");
    } catch (error) {
      throw new UsageError(`${flag} ${file} cannot be read: ${(error as Error).message}`);
    }
  };
  const files = { cert: await read(certFile, "--tls-cert"), key: await read(keyFile, "--tls-key") };
  return caFile === undefined ? files : { ...files, ca: await read(caFile, "--tls-ca") };
}

/** `{ [key]: N }` for a flag given as a number above 0 (a whole one unless `fraction`), else `{}`. */
function positiveFlag<K extends string>(
  raw: string | undefined,
  flag: string,
  key: K,
  fraction = false,
): Partial<Record<K, number>> {
  if (raw === undefined) return {};
  const value = (fraction ? /^\d+(\.\d+)?$/ : /^\d{1,9}$/).test(raw) ? Number(raw) : 0;
  if (!(value > 0))
    throw new UsageError(`${flag} must be a ${fraction ? "" : "whole "}number above 0, not "${raw}"`);
  return { [key]: value } as Partial<Record<K, number>>;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === "") throw new UsageError(`${flag} is required`);
  return value;
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_");
}

/**
 * LevelDB reports a held lock as "not open" with the lock as the cause, and node a port taken by
 * another program as EADDRINUSE: say what each means.
 */
function describeFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  if (cause?.code === "LEVEL_LOCKED") {
    return "the data directory is in use by another process, and no central service answers on its socket";
  }
  const failed = error as { code?: unknown; address?: unknown; port?: unknown } | null;
  if (failed?.code === "EADDRINUSE") {
    return `port ${String(failed.port)} on ${String(failed.address)} is already in use by another program: stop it, or choose another --port`;
  }
  return error instanceof Error ? error.message : String(error);
}

function listProblems(problems: readonly ImportProblem[]): string {
  return problems.map((problem) => `  ${problem.location}: ${problem.message}\n`).join("");
}

function summaryLine(file: string, summary: ImportSummary): string {
  const part = (name: string, counts: ImportCounts): string =>
    `${name} ${counts.created} new, ${counts.updated} updated, ${counts.unchanged} unchanged`;
  const { stores, clerks, orders, tickets } = summary;
  return `imported ${file}: ${[part("stores", stores), part("clerks", clerks), part("orders", orders), part("tickets", tickets)].join("; ")}`;
}
