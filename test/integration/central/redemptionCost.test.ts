/**
 * What one online redemption costs the LevelDB central service (docs/performance.md, "Central
 * service"), by count, not by time: the reads it makes and what its group commit writes to disk.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import { Ledger } from "../../../central/ledger.js";
import type { LedgerStore } from "../../../central/store/ledgerStore.js";
import { LevelLedgerStore } from "../../../central/store/levelLedgerStore.js";
import { silentLogger } from "../../../device/logger.js";
import { makeRedemption, tempDir } from "../../helpers/fixtures.js";
import { storeCatalogue } from "../../helpers/storeCatalogue.js";

const scope = { deviceId: "kiosk-1", storeId: "store-a" };
const codes = Array.from({ length: 20 }, (_, index) => `TK-${String(index).padStart(4, "0")}`);

async function openLedger(t: { teardown(fn: () => Promise<void>): void }) {
  const dir = await tempDir("redemption-cost-");
  const store = new LevelLedgerStore(join(dir.path, "level"));
  await store.open();
  t.teardown(async () => {
    await store.close();
    await dir.remove();
  });
  const heartbeatReads: string[] = [];
  // The store as the ledger sees it, noting each read of a device's last heartbeat.
  const counted = new Proxy(store, {
    get(target, property, receiver) {
      if (property === "getHeartbeat")
        return (deviceId: string) => {
          heartbeatReads.push(deviceId);
          return target.getHeartbeat(deviceId);
        };
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) satisfies LedgerStore;
  const ledger = new Ledger({
    store: counted,
    logger: silentLogger,
    now: () => new Date(),
    voidWindowHours: 24,
  });
  const imported = await ledger.importDocument(storeCatalogue(codes));
  if (!imported.ok) throw new Error("the catalogue was refused");
  return { ledger, heartbeatReads, levelDir: join(dir.path, "level") };
}

test("an online upload reads no heartbeat; an offline one of a synced clock reads the device's last contact", async (t) => {
  const { ledger, heartbeatReads } = await openLedger(t);
  const online = await ledger.upload([makeRedemption({ ticketCode: "TK-0000" })], scope);
  t.is(online[0]?.status, "accepted");
  t.deepEqual(heartbeatReads, [], "an online redemption is judged at the server's time");
  const offline = await ledger.upload(
    [makeRedemption({ ticketCode: "TK-0001", offline: true, redeemedAt: new Date().toISOString() })],
    scope,
  );
  t.is(offline[0]?.status, "accepted");
  t.deepEqual(heartbeatReads, ["kiosk-1"], "an offline claim is bounded by the last contact");
});

/**
 * The WriteBatches in a LevelDB write-ahead log (https://github.com/google/leveldb/blob/main/doc/log_format.md,
 * and write_batch.cc): each small batch is one FULL record of a 7-byte header and a payload of
 * sequence (8), count (4) and entries (tag, varint key length, key, and for a put a varint value
 * length and value). Returns each batch's keys.
 */
function batchesOf(log: Buffer): string[][] {
  const batches: string[][] = [];
  let offset = 0;
  while (offset + 7 <= log.length) {
    const blockLeft = 32_768 - (offset % 32_768);
    if (blockLeft < 7) {
      offset += blockLeft;
      continue;
    }
    const length = log.readUInt16LE(offset + 4);
    const type = log[offset + 6];
    if (length === 0 && type === 0) break;
    if (type !== 1) throw new Error(`a batch spans blocks at ${offset}: the test's batches are small`);
    const payload = log.subarray(offset + 7, offset + 7 + length);
    const keys: string[] = [];
    let at = 12;
    const varint = (): number => {
      let value = 0;
      for (let shift = 0; ; shift += 7) {
        const byte = payload[at] ?? 0;
        at += 1;
        value |= (byte & 0x7f) << shift;
        if (byte < 0x80) return value;
      }
    };
    for (let entry = 0; entry < payload.readUInt32LE(8); entry += 1) {
      const tag = payload[at];
      at += 1;
      const keyLength = varint();
      keys.push(payload.subarray(at, at + keyLength).toString("utf8"));
      at += keyLength;
      if (tag === 1) {
        const valueLength = varint();
        at += valueLength;
      }
    }
    batches.push(keys);
    offset += 7 + length;
  }
  return batches;
}

test("a group commit writes the counters once, however many redemptions it holds", async (t) => {
  const { ledger, levelDir } = await openLedger(t);
  // Built while the first is written (its write waits for LevelDB's thread pool, its followers
  // only for promises), the other nineteen share the next group.
  const results = await Promise.all(
    codes.map((code) => ledger.upload([makeRedemption({ ticketCode: code })], scope)),
  );
  t.true(results.every(([result]) => result?.status === "accepted"));
  const logs = (await readdir(levelDir)).filter((name) => name.endsWith(".log"));
  const batches = (await Promise.all(logs.map((name) => readFile(join(levelDir, name))))).flatMap(batchesOf);
  const redemptionsPerBatch = batches.map(
    (keys) => keys.filter((key) => key.startsWith("!redemptions!")).length,
  );
  t.true(Math.max(...redemptionsPerBatch) > 1, "the redemptions were grouped");
  const countersPerBatch = batches.map((keys) => keys.filter((key) => key === "!meta!counters").length);
  t.true(
    countersPerBatch.every((count) => count <= 1),
    `counters puts per batch: ${countersPerBatch.join(", ")}`,
  );
});
