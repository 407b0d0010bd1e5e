/**
 * `journal verify`, `journal recover` and `journal import` (docs/reliability.md): what the
 * integrity check found; a damaged journal's entries put back from the central service's records of
 * this device; a replaced kiosk's exported entries restored onto its successor. They open the
 * journal themselves, so the kiosk must be stopped (LevelDB admits one process); `verify` of a
 * running kiosk asks it over its socket instead.
 *
 * Exit status of `verify`: 0 intact, 1 damage found (listed on stdout); `recover`: 0 intact again,
 * 1 damage left that the central service cannot mend (listed); `import`: 0 imported, 1 refused
 * (entries of another device, a line that is not an entry, a sequence number taken).
 */
import { readFile } from "node:fs/promises";
import { request } from "node:http";
import { join } from "node:path";
import type { Writable } from "node:stream";
import * as v from "valibot";
import { readDeviceToken } from "../sync/deviceToken.js";
import type { Config } from "./config.js";
import { redemptionSchema } from "./domain.js";
import type { JournalEntry } from "./journal.js";
import type { KioskStatus } from "./kioskStatus.js";
import { LevelJournal } from "./levelJournal.js";
import type { ServerRedemption } from "./ports/wire.js";
import { issueLine } from "./schemaIssue.js";
import { damageSummary, describeFinding, writeVerdict } from "./storeIntegrity.js";

export interface JournalIo {
  readonly stdout: Writable;
}

export async function verifyCommand(config: Config, io: JournalIo): Promise<number> {
  const location = join(config.dataDir, "journal");
  const damage = await withJournal(
    location,
    async (journal) => damageSummary(journal.integrity()),
    async () => (await daemonStatus(join(config.dataDir, "kiosk.sock"))).journalDamage,
  );
  return writeVerdict(`journal ${location}`, damage, io);
}

/** How many records `recover` asks for at a time. */
const recoverPage = 1000;

export async function recoverCommand(config: Config, io: JournalIo): Promise<number> {
  const { UndiciCentralApi } = await import("../sync/undiciCentralApi.js");
  const { centralDispatcher } = await import("../sync/centralTrust.js");
  const central = new UndiciCentralApi({
    url: config.central.url,
    dispatcher: await centralDispatcher(config),
    token: () => readDeviceToken(config),
    userAgent: "ticket-kiosk journal recover",
  });
  const records: ServerRedemption[] = [];
  let since: string | undefined;
  for (let more = true; more; ) {
    const page = await central.fetchOwnRedemptions(
      since,
      recoverPage,
      Math.max(config.central.timeoutMs, 10_000),
    );
    records.push(...page.redemptions);
    since = page.cursor;
    more = page.hasMore;
  }
  const location = join(config.dataDir, "journal");
  const outcome = await withJournal(
    location,
    (journal) => journal.restore(records.map(entryFromRecord)),
    () => Promise.reject(new Error(`stop the kiosk first: ${location} is in use`)),
  );
  io.stdout.write(
    `restored ${outcome.restored.length} entries from the central service's ${records.length} records of ${config.device.id}\n`,
  );
  for (const id of outcome.taken)
    io.stdout.write(`- not restored: ${id}, its sequence number is held by another entry\n`);
  if (outcome.remaining.length > 0) {
    io.stdout.write("not recoverable from the central service, the journal stays damaged:\n");
    for (const finding of outcome.remaining) io.stdout.write(`- ${describeFinding(finding)}\n`);
    return 1;
  }
  io.stdout.write(
    "the journal is intact again and the kiosk will redeem; entries the central service never received (offline redemptions not uploaded before the damage) cannot be restored from it\n",
  );
  return 0;
}

/** A journal entry as the central service's record says it ended. */
export function entryFromRecord(record: ServerRedemption): JournalEntry {
  const { redemption, status, reason, conflictWith, receivedAt, voided } = record;
  const refusedOnline = status === "rejected" && !redemption.offline;
  return {
    redemption,
    disposition: status === "cancelled" ? "abandoned" : refusedOnline ? "refused" : "redeemed",
    sync: status === "accepted" ? "acknowledged" : status,
    reason,
    conflictWith,
    closedAt: receivedAt,
    ...(voided === undefined
      ? {}
      : {
          void: { reason: voided.reason, clerkId: voided.clerkId ?? "", at: voided.at, sync: "acknowledged" },
        }),
  };
}

/** The fields of an entry `journal export` wrote that the import relies on; the rest is kept as is. */
const exportedEntrySchema = v.looseObject({
  redemption: redemptionSchema,
  disposition: v.picklist(["undecided", "redeemed", "refused", "abandoned"]),
  sync: v.picklist(["pending", "acknowledged", "conflict", "rejected", "cancelled"]),
});

export async function importCommand(config: Config, file: string, io: JournalIo): Promise<number> {
  const entries: JournalEntry[] = [];
  const lines = (await readFile(file, "utf8")).split("\n").filter((line) => line.trim() !== "");
  for (const [index, line] of lines.entries()) {
    const parsed = v.safeParse(exportedEntrySchema, safeJson(line));
    if (!parsed.success) {
      io.stdout.write(`${file}:${index + 1}: not a journal entry: ${issueLine(parsed.issues[0])}\n`);
      return 1;
    }
    const entry = parsed.output as unknown as JournalEntry;
    // The central service takes a device's redemptions from that device's token only: the kiosk
    // that replaces another takes over its device id (docs/reliability.md).
    if (entry.redemption.deviceId !== config.device.id) {
      io.stdout.write(
        `${file}:${index + 1}: entry of device ${entry.redemption.deviceId}, but this kiosk is ${config.device.id}: a replacement keeps the old device id\n`,
      );
      return 1;
    }
    entries.push(entry);
  }
  const location = join(config.dataDir, "journal");
  const result = await withJournal(
    location,
    (journal) => journal.importEntries(entries),
    () => Promise.reject(new Error(`stop the kiosk first: ${location} is in use`)),
  );
  const open = entries.filter((entry) => entry.sync === "pending").length;
  io.stdout.write(
    `imported ${result.imported} entries (${open} still to upload), ${result.skipped} already here\n`,
  );
  return 0;
}

/** Runs `use` on the opened journal, or `locked` when a running kiosk holds it. */
async function withJournal<T>(
  location: string,
  use: (journal: LevelJournal) => Promise<T>,
  locked: () => Promise<T>,
): Promise<T> {
  const journal = new LevelJournal(location);
  try {
    await journal.open();
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== "LEVEL_LOCKED") throw error;
    return locked();
  }
  try {
    return await use(journal);
  } finally {
    await journal.close();
  }
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

function daemonStatus(socketPath: string): Promise<KioskStatus> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: "/status", method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve(JSON.parse(body) as KioskStatus));
    });
    req.on("error", (error) =>
      reject(
        new Error(`the journal is locked by a running kiosk, but ${socketPath} did not answer`, {
          cause: error,
        }),
      ),
    );
    req.end();
  });
}
