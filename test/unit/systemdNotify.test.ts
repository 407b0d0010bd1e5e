/**
 * The sd_notify side of main (device/systemdNotify.ts) with a recording sender and real timers:
 * message order and content, the watchdog period and whose it is, pings only while healthy, and a
 * sender that fails or hangs never breaking the kiosk. The real datagram path (systemd-notify to a
 * unix socket) is test/integration/systemdNotify.test.ts.
 */
import { setTimeout as sleep } from "node:timers/promises";
import test from "ava";
import { silentLogger } from "../../device/logger.js";
import {
  kioskStatusLine,
  type NotifySender,
  SystemdNotifier,
  SystemdNotifyCommand,
  Watchdog,
  watchdogIntervalMs,
} from "../../device/systemdNotify.js";
import { makeStatus } from "../helpers/fixtures.js";

class RecordingSender implements NotifySender {
  readonly sent: string[][] = [];
  /** When set, each send waits for this before it completes. */
  gate: Promise<void> | undefined;
  fail = false;

  async send(assignments: readonly string[]): Promise<void> {
    await this.gate;
    if (this.fail) throw new Error("systemd-notify: No such file or directory");
    this.sent.push([...assignments]);
  }
}

/** Polls until `condition` holds; timers here are real, so waits are for events, not fixed sleeps. */
async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await sleep(2);
  }
}

function recordingLogger() {
  const lines: { level: string; msg: string }[] = [];
  const log = (level: string) => (msg: string) => lines.push({ level, msg });
  const logger = {
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    child: () => logger,
  };
  return { logger, lines };
}

test("messages go out in order: READY names this process as the main one, STOPPING comes last", async (t) => {
  const sender = new RecordingSender();
  const notifier = new SystemdNotifier(sender, silentLogger, 4242);
  notifier.status("starting");
  notifier.ready();
  notifier.watchdog();
  notifier.stopping("stopping on SIGTERM");
  await notifier.flush();
  t.deepEqual(sender.sent, [
    ["STATUS=starting"],
    ["READY=1", "MAINPID=4242"],
    ["WATCHDOG=1"],
    ["STOPPING=1", "STATUS=stopping on SIGTERM"],
  ]);
});

test("a status line is sent once while it stays the same, and never spans lines", async (t) => {
  const sender = new RecordingSender();
  const notifier = new SystemdNotifier(sender, silentLogger);
  notifier.status("online");
  notifier.status("online");
  notifier.status("offline\nREADY=1");
  notifier.status("online");
  await notifier.flush();
  t.deepEqual(sender.sent, [["STATUS=online"], ["STATUS=offline READY=1"], ["STATUS=online"]]);
});

test("pings do not pile up behind a slow delivery", async (t) => {
  const sender = new RecordingSender();
  let open = () => {};
  sender.gate = new Promise((resolve) => {
    open = resolve;
  });
  const notifier = new SystemdNotifier(sender, silentLogger);
  for (let i = 0; i < 5; i += 1) notifier.watchdog();
  open();
  await notifier.flush();
  t.deepEqual(sender.sent, [["WATCHDOG=1"]]);
  notifier.watchdog();
  await notifier.flush();
  t.is(sender.sent.length, 2, "once delivered, the next ping goes out");
});

test("a failing sender is logged once and never throws; later messages still go out", async (t) => {
  const sender = new RecordingSender();
  const { logger, lines } = recordingLogger();
  const notifier = new SystemdNotifier(sender, logger);
  sender.fail = true;
  notifier.ready();
  notifier.watchdog();
  await notifier.flush();
  t.deepEqual(
    lines.map((line) => line.level),
    ["error"],
  );
  sender.fail = false;
  notifier.stopping("bye");
  await notifier.flush();
  t.deepEqual(sender.sent, [["STOPPING=1", "STATUS=bye"]]);
});

test("the watchdog period is half of WATCHDOG_USEC, and only for the process it names", (t) => {
  t.is(watchdogIntervalMs({ WATCHDOG_USEC: "30000000" }, 10), 15_000);
  t.is(watchdogIntervalMs({ WATCHDOG_USEC: "30000000", WATCHDOG_PID: "10" }, 10), 15_000);
  t.is(watchdogIntervalMs({ WATCHDOG_USEC: "30000000", WATCHDOG_PID: "11" }, 10), undefined);
  t.is(watchdogIntervalMs({}, 10), undefined);
  t.is(watchdogIntervalMs({ WATCHDOG_USEC: "0" }, 10), undefined);
  t.is(watchdogIntervalMs({ WATCHDOG_USEC: "soon" }, 10), undefined);
  t.is(watchdogIntervalMs({ WATCHDOG_USEC: "1000" }, 10), 1, "never a zero period");
});

test("no watchdog is created when systemd set none", (t) => {
  const notifier = new SystemdNotifier(new RecordingSender(), silentLogger, 10);
  t.is(
    notifier.createWatchdog(async () => true, {}),
    undefined,
  );
  t.truthy(notifier.createWatchdog(async () => true, { WATCHDOG_USEC: "100000" }));
});

test("the first ping goes out at once, not a period later", async (t) => {
  const sender = new RecordingSender();
  const notifier = new SystemdNotifier(sender, silentLogger);
  // WatchdogSec=20s: a 10 s period, far longer than this test waits.
  const watchdog = notifier.createWatchdog(async () => true, { WATCHDOG_USEC: "20000000" });
  watchdog?.start();
  t.teardown(() => watchdog?.stop());
  await until(() => sender.sent.length === 1, 1_000);
  t.deepEqual(sender.sent, [["WATCHDOG=1"]]);
});

test("the watchdog pings every period while healthy and not after it is stopped", async (t) => {
  const sender = new RecordingSender();
  const notifier = new SystemdNotifier(sender, silentLogger);
  const watchdog = notifier.createWatchdog(async () => true, { WATCHDOG_USEC: "40000" });
  const startedAt = performance.now();
  watchdog?.start();
  await until(() => sender.sent.length >= 5);
  t.true(performance.now() - startedAt >= 4 * 20 - 5, "four periods of 20 ms between five pings");
  watchdog?.stop();
  const pings = sender.sent.length;
  await sleep(100);
  t.is(sender.sent.length, pings, "no ping after stop");
});

test("an unhealthy or failing check stops the pings; they resume when healthy again", async (t) => {
  let health: "ok" | "sick" | "throws" = "ok";
  let checks = 0;
  let pings = 0;
  const { logger, lines } = recordingLogger();
  const watchdog = new Watchdog({
    intervalMs: 10,
    healthy: async () => {
      checks += 1;
      if (health === "throws") throw new Error("journal closed");
      return health === "ok";
    },
    ping: () => {
      pings += 1;
    },
    logger,
  });
  watchdog.start();
  t.teardown(() => watchdog.stop());
  await until(() => pings >= 2);
  /** Switches health, lets one check see it, then counts pings over three more checks. */
  const pingsOver = async (next: typeof health) => {
    health = next;
    const from = checks;
    await until(() => checks >= from + 1);
    const before = pings;
    await until(() => checks >= from + 4);
    return pings - before;
  };
  t.is(await pingsOver("sick"), 0, "no pings while unhealthy");
  t.is(await pingsOver("throws"), 0, "no pings while the check throws");
  t.true((await pingsOver("ok")) >= 2, "pings resume");
  t.deepEqual(
    lines.map((line) => line.level),
    ["error", "info"],
    "one line when it turns unhealthy (throwing is still unhealthy), one when it recovers",
  );
});

test("a health check that never settles stops the pings", async (t) => {
  let pings = 0;
  let calls = 0;
  const watchdog = new Watchdog({
    intervalMs: 10,
    healthy: () => {
      calls += 1;
      return calls === 1 ? Promise.resolve(true) : new Promise<boolean>(() => {});
    },
    ping: () => {
      pings += 1;
    },
    logger: silentLogger,
  });
  watchdog.start();
  await sleep(80);
  watchdog.stop();
  t.is(pings, 1);
  t.is(calls, 2, "no second check is started while one hangs");
});

test("systemd-notify is run with the assignments as its arguments", async (t) => {
  const runs: { command: string; args: readonly string[]; timeoutMs: number }[] = [];
  const sender = new SystemdNotifyCommand(async (command, args, timeoutMs) => {
    runs.push({ command, args, timeoutMs });
  });
  await sender.send(["READY=1", "MAINPID=7"]);
  t.deepEqual(runs, [{ command: "systemd-notify", args: ["READY=1", "MAINPID=7"], timeoutMs: 10_000 }]);
});

test("the status line tells an operator what the kiosk is doing", (t) => {
  t.is(kioskStatusLine(makeStatus()), "ready; online; nothing to sync; scanner connected; printer ready");
  t.is(
    kioskStatusLine(
      makeStatus({
        online: false,
        offlineReason: "network",
        pendingSync: 3,
        oldestPendingAgeS: 120,
        scanner: "disconnected",
      }),
    ),
    "ready; offline (network); 3 to sync, oldest 120 s; scanner disconnected; printer ready",
  );
});
