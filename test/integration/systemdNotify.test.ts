/**
 * The notify protocol of `Type=notify` units (systemd/ticket-kiosk.service, issue 6) between the real
 * executable and a real unix datagram socket standing in for systemd's: the messages travel through
 * `systemd-notify`, exactly as under systemd.
 */
import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import test from "ava";
import { startCli } from "../helpers/cliProcess.js";
import { tempDir } from "../helpers/fixtures.js";
import { claimLoopbackPort } from "../helpers/loopbackPort.js";
import { type NotifyMessage, startNotifyListener } from "../helpers/notifyListener.js";

const is = (field: string) => (message: NotifyMessage) => message.fields[field] !== undefined;

test("the kiosk says READY once it is ready, pings the watchdog while healthy, and STOPPING on SIGTERM", async (t) => {
  const dir = await tempDir("tk-notify-");
  const listener = await startNotifyListener(join(dir.path, "notify"));
  const { port: statusPort, release } = await claimLoopbackPort();
  const config = join(dir.path, "kiosk.json");
  await writeFile(
    config,
    JSON.stringify({
      dataDir: join(dir.path, "data"),
      device: { id: "kiosk-notify", storeId: "store-a" },
      // Nothing listens on port 9: the kiosk starts offline, as it must be able to.
      central: { url: "http://127.0.0.1:9", token: "token", timeoutMs: 300 },
      scanner: { kind: "none" },
      ui: { kind: "none", confirm: "auto" },
      statusPort,
    }),
  );
  // WatchdogSec=0.4s: a ping every 200 ms.
  const kiosk = startCli(["run", "--config", config], {
    NOTIFY_SOCKET: listener.socket,
    WATCHDOG_USEC: "400000",
  });
  t.teardown(async () => {
    await kiosk.kill("SIGKILL");
    await listener.close();
    await release();
    await dir.remove();
  });

  const ready = await listener.waitFor(is("READY"));
  const status = (await (await fetch(`http://127.0.0.1:${statusPort}/status`)).json()) as { ready: boolean };
  t.true(status.ready, "READY=1 comes only once the kiosk is ready");
  t.is(ready.fields.MAINPID, String(kiosk.child.pid), "READY names the kiosk as the unit's main process");
  t.regex(listener.messages[0]?.fields.STATUS ?? "", /^starting/, "the first word is a status line");
  await listener.waitFor((m) => /^ready; offline \(network\); nothing to sync/.test(m.fields.STATUS ?? ""));

  await listener.waitFor(() => listener.messages.filter(is("WATCHDOG")).length >= 6, 5_000);
  const pings = listener.messages.filter(is("WATCHDOG")).map((m) => m.atMs);
  // The first ping queues behind READY's delivery and each arrival carries a spawn's jitter, so
  // the period is judged over four gaps after the first ping.
  const meanGapMs = ((pings[5] ?? 0) - (pings[1] ?? 0)) / 4;
  t.log(`watchdog: mean gap ${meanGapMs.toFixed(0)} ms for a 200 ms period`);
  t.true(meanGapMs > 100 && meanGapMs < 450, "about half of WATCHDOG_USEC apart");
  t.true((pings[0] ?? 0) >= ready.atMs, "the first ping follows READY");

  kiosk.child.kill("SIGTERM");
  t.is(await kiosk.exited(), 0, "a clean stop");
  const stopping = await listener.waitFor(is("STOPPING"), 2_000);
  t.regex(stopping.fields.STATUS ?? "", /stopping on SIGTERM/);
  const after = listener.messages.slice(listener.messages.indexOf(stopping) + 1);
  t.deepEqual(after, [], "STOPPING is the last word: no ping after it");
});

test("the central service notifies through an abstract socket and leaves a watchdog meant for another process alone", async (t) => {
  const dir = await tempDir("tk-notify-");
  const listener = await startNotifyListener(`@ticket-kiosk-test-${randomUUID()}`);
  const central = startCli(["central", "--data", join(dir.path, "central"), "--port", "0"], {
    NOTIFY_SOCKET: listener.socket,
    WATCHDOG_USEC: "200000",
    // systemd names the main process it started; a process below it must not answer for it.
    WATCHDOG_PID: "1",
  });
  t.teardown(async () => {
    await central.kill("SIGKILL");
    await listener.close();
    await dir.remove();
  });

  await central.waitForLog((line) => line.event === "listening");
  const ready = await listener.waitFor(is("READY"));
  t.is(ready.fields.MAINPID, String(central.child.pid));
  await sleep(500);
  t.false(listener.messages.some(is("WATCHDOG")), "no pings for a watchdog that is not ours");

  central.child.kill("SIGTERM");
  t.is(await central.exited(), 0);
  await listener.waitFor(is("STOPPING"), 2_000);
});
