/**
 * Issue 19: a first download says how far it has come. The real central service over a data
 * directory of 6,000 generated tickets, behind a proxy that holds each ticket page 400 ms (so the
 * download takes pages' worth of time on any machine), and the real `ticket-kiosk run` process,
 * whose `GET /status` is polled while it downloads.
 */
import { setTimeout as sleep } from "node:timers/promises";
import test from "ava";
import type { DownloadFigures } from "../../device/kioskStatus.js";
import { startBenchCentral, startBenchKiosk } from "../helpers/benchCentral.js";
import { tempDir } from "../helpers/fixtures.js";
import { kioskStatus } from "../helpers/kioskStatusSocket.js";

const tickets = 6000;
const pageDelayMs = 400;

test("GET /status shows the first download's progress, monotone, ending at the store's total", async (t) => {
  t.timeout(120_000);
  const dir = await tempDir("tk-download-");
  t.teardown(() => dir.remove());
  const central = await startBenchCentral(t, dir.path, tickets);
  const { proxy } = central;
  proxy.choose = (method, path) =>
    method === "GET" && path.startsWith("/v1/tickets?")
      ? { kind: "delay", ms: pageDelayMs }
      : { kind: "pass" };

  const { kiosk, dataDir } = await startBenchKiosk(t, dir.path, central, { kind: "none" });

  const seen: DownloadFigures[] = [];
  for (;;) {
    const status = await kioskStatus(dataDir).catch(() => undefined);
    if (status?.download) seen.push(status.download);
    if (status?.lastSyncAt) break;
    await sleep(25);
  }

  t.true(seen.length > 0, "the download was seen in progress");
  t.true(
    seen.every((figures) => figures.total === tickets),
    "every figure carries the store's total",
  );
  t.true(
    seen.every((figures, i) => figures.done >= (seen[i - 1]?.done ?? 0) && figures.done <= tickets),
    `done only grows, up to the total: ${seen.map((f) => f.done).join(",")}`,
  );
  t.true(seen.some((figures) => figures.done > 0 && figures.etaS !== null));
  const done = await kiosk.waitForLog((line) => line.event === "download_done");
  t.like(done, { done: tickets, total: tickets, etaS: 0 });
  t.is((await kioskStatus(dataDir)).download, null, "no download runs once it is done");
});
