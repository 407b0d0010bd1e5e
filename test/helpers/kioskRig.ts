/**
 * A kiosk in the test's own process: the real composition root, a real journal on disk and the
 * real HTTP client, with a scanner, printer and feedback driven by the test. For tests that need
 * several kiosks, a fake clock, or to look inside while it runs; the crash harness runs kiosks as
 * child processes instead.
 */
import type { ExecutionContext } from "ava";
import type { Clock } from "../../device/clock.js";
import { parseConfig } from "../../device/config.js";
import type { JournalEntry } from "../../device/journal.js";
import { Kiosk } from "../../device/kiosk.js";
import type { KioskStatus } from "../../device/kioskStatus.js";
import { silentLogger } from "../../device/logger.js";
import type { DecisionResult } from "../../device/redemptionService.js";
import { FakeFeedback } from "../../drivers/feedback/fakeFeedback.js";
import { FakePrinter } from "../../drivers/printer/fakePrinter.js";
import { FakeScanner } from "../../drivers/scanner/fakeScanner.js";
import { tempDir } from "./fixtures.js";
import { installPinKey } from "./pinKeyInstall.js";

export interface KioskRigOptions {
  readonly centralUrl: string;
  readonly token: string;
  /** The PIN key made with the token, for a test that logs clerks in. */
  readonly pinKey?: string;
  readonly deviceId: string;
  readonly storeId?: string;
  readonly clock?: Clock;
  readonly central?: Record<string, unknown>;
  readonly offline?: Record<string, unknown>;
  /** A data folder the test keeps (a kiosk started again on it); left out, a temp folder removed at the end. */
  readonly dataDir?: string;
}

export interface KioskRig {
  readonly kiosk: Kiosk;
  readonly scanner: FakeScanner;
  readonly printer: FakePrinter;
  /** Scans a code and resolves with the decision it leads to (one unit: `confirm: auto`). */
  redeem(code: string): Promise<DecisionResult>;
  entries(): Promise<JournalEntry[]>;
  waitForStatus(match: (status: KioskStatus) => boolean, timeoutMs?: number): Promise<KioskStatus>;
  stop(): Promise<void>;
}

export async function startKioskRig(t: ExecutionContext, options: KioskRigOptions): Promise<KioskRig> {
  const dir =
    options.dataDir === undefined
      ? await tempDir("tk-rig-")
      : { path: options.dataDir, remove: async () => {} };
  if (options.pinKey !== undefined) await installPinKey(dir.path, options.pinKey);
  const config = parseConfig({
    dataDir: dir.path,
    device: { id: options.deviceId, storeId: options.storeId ?? "store-a" },
    central: {
      url: options.centralUrl,
      token: options.token,
      // Generous: tests that want a timeout say so; a loaded test machine must not fake one.
      timeoutMs: 10_000,
      syncIntervalMs: 300,
      ...options.central,
    },
    scanner: { kind: "none" },
    // Slips go to the injected fake printer; the kind only says that the kiosk prints.
    printer: { kind: "file", dir: `${dir.path}/slips` },
    ui: { kind: "none", confirm: "auto" },
    offline: { maxUnitsPerRedemption: 5, ...options.offline },
  });
  const scanner = new FakeScanner("serial");
  const printer = new FakePrinter("file");
  const kiosk = new Kiosk(config, {
    logger: silentLogger,
    version: "test",
    scanner,
    printer,
    feedback: new FakeFeedback(),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  await kiosk.start();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await kiosk.stop();
  };
  t.teardown(async () => {
    await stop();
    await dir.remove();
  });
  const entriesOf = async () => {
    const list: JournalEntry[] = [];
    for await (const entry of kiosk.journalEntries()) list.push(entry);
    return list;
  };
  return {
    kiosk,
    scanner,
    printer,
    redeem: async (code) => {
      // The session takes a code once it has shown the previous result, a turn after the decision.
      await new Promise((resolve) => setImmediate(resolve));
      const decided = nextDecision(kiosk, code);
      scanner.emitCode(code);
      return decided;
    },
    entries: entriesOf,
    waitForStatus: async (match, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const status = kiosk.status();
        if (match(status)) return status;
        if (Date.now() > deadline) throw new Error(`status never matched: ${JSON.stringify(status)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop,
  };
}

/** The kiosk's next decision on `code`. */
export function nextDecision(kiosk: Kiosk, code: string): Promise<DecisionResult> {
  return new Promise((resolve) => {
    const listener = (decision: DecisionResult) => {
      if (decision.code !== code) return;
      kiosk.off("decision", listener);
      resolve(decision);
    };
    kiosk.on("decision", listener);
  });
}
