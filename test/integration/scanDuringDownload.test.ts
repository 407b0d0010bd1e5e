/**
 * Issue 19: redemption does not wait for the cache. The real central service over 6,000 generated
 * tickets, behind a proxy that passes the first ticket page and holds every later one until the
 * test releases it, so the kiosk's first download is provably still running when the scan comes
 * (decided by a gate, not a clock). The real `ticket-kiosk run` with a serial scanner on a socat
 * pty scans a ticket of the last page: the central service decides it online and it is redeemed,
 * while `GET /status` still says the local copy is filling.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import test from "ava";
import { ticketCode, ticketKind } from "../../bench/catalogue.js";
import { maskCode } from "../../device/domain.js";
import type { KioskStatus } from "../../device/kioskStatus.js";
import { startBenchCentral, startBenchKiosk } from "../helpers/benchCentral.js";
import { tempDir } from "../helpers/fixtures.js";
import { kioskStatus } from "../helpers/kioskStatusSocket.js";
import { startPtyPair } from "../helpers/ptyPair.js";

const tickets = 6000;
/** The kiosk's page size (sync/syncLoop.ts): the first page is all the cache holds while the gate is shut. */
const firstPage = 2000;

/** A redeemable ticket of the last page, so not in the cache while later pages are held. */
function lastPageTicket(): string {
  for (let index = tickets - 1; index >= tickets - firstPage; index -= 1)
    if (ticketKind(index) === "redeemable") return ticketCode(index);
  throw new Error("no redeemable ticket on the last page");
}

async function waitForStatus(dataDir: string, until: (status: KioskStatus) => boolean): Promise<KioskStatus> {
  const deadline = performance.now() + 60_000;
  for (;;) {
    const status = await kioskStatus(dataDir).catch(() => undefined);
    if (status !== undefined && until(status)) return status;
    if (performance.now() > deadline) throw new Error(`status never matched: ${JSON.stringify(status)}`);
    await sleep(25);
  }
}

test("a scan during the first download is decided online and redeemed while the status says the cache is filling", async (t) => {
  t.timeout(120_000);
  const dir = await tempDir("tk-scan-download-");
  t.teardown(() => dir.remove());
  const central = await startBenchCentral(t, dir.path, tickets);
  const { proxy } = central;
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  t.teardown(() => release());
  let pages = 0;
  proxy.choose = (method, path) => {
    if (method !== "GET" || !path.startsWith("/v1/tickets?")) return { kind: "pass" };
    pages += 1;
    return pages === 1 ? { kind: "pass" } : { kind: "hold", until: gate };
  };
  const pair = await startPtyPair(join(dir.path, "scanner-A"), join(dir.path, "scanner-B"));
  t.teardown(() => pair.stop());

  const { kiosk, dataDir } = await startBenchKiosk(t, dir.path, central, {
    kind: "serial",
    path: pair.b,
    baudRate: 115200,
    terminator: "cr",
  });
  await kiosk.waitForLog((line) => line.event === "scanner" && line.state === "connected");
  const filling = await waitForStatus(dataDir, (status) => status.download?.done === firstPage);
  t.is(proxy.counts.hold, 1, "the second page is held: the download is still running");
  t.is(filling.lastSyncAt, null, "no sync pass has completed");

  const code = lastPageTicket();
  await writeFile(pair.a, `${code}\r`);
  const decision = await kiosk.waitForLog((line) => line.event === "decision");
  t.like(decision, { outcome: "ok", code: maskCode(code), offline: false, quantity: 1 });
  const after = await kioskStatus(dataDir);
  t.like(after.download, { done: firstPage, total: tickets }, "the local copy is still filling");
  t.is(after.pendingSync, 0, "the central service holds the redemption: nothing waits to be uploaded");

  release();
  await kiosk.waitForLog((line) => line.event === "download_done");
  t.is((await waitForStatus(dataDir, (status) => status.lastSyncAt !== null)).download, null);
});
