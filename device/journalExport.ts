/**
 * `journal export`: every journal entry as one JSON line, oldest first. LevelDB admits one
 * process, so when the daemon holds the journal the export asks it over its unix socket instead.
 * Returns what the integrity check found, so a damaged journal's export never passes for whole
 * (the running daemon's own check is in its `GET /status`).
 */
import { request } from "node:http";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { LevelJournal } from "./levelJournal.js";
import { type DamageSummary, damageSummary } from "./storeIntegrity.js";

export async function exportJournal(dataDir: string, out: Writable): Promise<DamageSummary | null> {
  const journal = new LevelJournal(join(dataDir, "journal"));
  try {
    await journal.open();
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== "LEVEL_LOCKED") throw error;
    await exportFromDaemon(join(dataDir, "kiosk.sock"), out);
    return null;
  }
  try {
    for await (const entry of journal.entries()) {
      if (!out.write(`${JSON.stringify(entry)}\n`))
        await new Promise((resolve) => out.once("drain", resolve));
    }
    return damageSummary(journal.integrity());
  } finally {
    await journal.close();
  }
}

function exportFromDaemon(socketPath: string, out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: "/journal/export", method: "GET" }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`the running kiosk answered HTTP ${res.statusCode}`));
        res.resume();
        return;
      }
      pipeline(res, out, { end: false }).then(resolve, reject);
    });
    req.on("error", (error) =>
      reject(
        new Error(`the journal is locked by a running kiosk, but its socket ${socketPath} did not answer`, {
          cause: error,
        }),
      ),
    );
    req.end();
  });
}
