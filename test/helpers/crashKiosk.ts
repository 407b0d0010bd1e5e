/**
 * The kiosk the crash harness kills: the real composition root (real journal on disk, real HTTP
 * client) with a scanner driven by code. It redeems in a loop and writes `ACK <id> <code>` to
 * stdout — synchronously, so the harness has it before any kill — at the moment a customer would
 * see "redeemed". `--mode drain` scans nothing and exits once the journal has nothing left to sync.
 * `--mode ack-before-write` is the negative control: it acknowledges before the journal writes,
 * as a careless kiosk would, and the harness must catch the loss.
 */
import { writeSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../../device/config.js";
import type { Journal } from "../../device/journal.js";
import { Kiosk, levelStores } from "../../device/kiosk.js";
import { LevelJournal } from "../../device/levelJournal.js";
import { JsonLogger } from "../../device/logger.js";
import { FakeFeedback } from "../../drivers/feedback/fakeFeedback.js";
import { NonePrinter } from "../../drivers/printer/nonePrinter.js";
import { FakeScanner } from "../../drivers/scanner/fakeScanner.js";

const { values } = parseArgs({
  options: {
    config: { type: "string" },
    codes: { type: "string", default: "" },
    mode: { type: "string", default: "safe" },
  },
});
const mode = values.mode as "safe" | "drain" | "ack-before-write";
const codes = (values.codes ?? "").split(",").filter((code) => code !== "");
const config = await loadConfig(values.config ?? "");

/** Acknowledges at once and writes 50 ms later: what the harness must be able to catch. */
function writeAfterAck(journal: Journal): Journal {
  const later = (write: () => Promise<unknown>) => {
    setTimeout(() => void write(), 50);
  };
  return new Proxy(journal, {
    get(target, property, receiver) {
      if (property === "decide") {
        return async (id: string, decision: Parameters<Journal["decide"]>[1]) => {
          const entry = await target.get(id);
          later(() => target.decide(id, decision));
          if (entry === undefined) throw new Error(`no entry ${id}`);
          return { ...entry, disposition: "redeemed" };
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

// Outside the negative control the composition root builds the journal, as `ticket-kiosk run` does.
const level = mode === "ack-before-write" ? new LevelJournal(join(config.dataDir, "journal")) : undefined;
const stores = level === undefined ? undefined : { ...levelStores(level), journal: writeAfterAck(level) };
const scanner = new FakeScanner("serial");
const kiosk = new Kiosk(config, {
  logger: new JsonLogger(process.stderr, "crash-kiosk", "warn"),
  version: "crash-harness",
  scanner,
  printer: new NonePrinter(),
  feedback: new FakeFeedback(),
  ...(stores === undefined ? {} : { stores }),
});

let next = 0;
const scanNext = () => {
  const code = codes[next % codes.length];
  next += 1;
  if (code !== undefined) setImmediate(() => scanner.emitCode(code));
};

kiosk.on("decision", (decision) => {
  if (decision.outcome === "ok" && decision.redemption !== undefined) {
    writeSync(1, `ACK ${decision.redemption.id} ${decision.code}\n`);
  }
  scanNext();
});

await kiosk.start();
// The kill clock starts once the kiosk redeems at full speed: its central client loads after the
// ready line, and kills 80–580 ms after ready would otherwise land before the first answer, on a
// loaded machine every time (docs/performance.md, "Cold start, second round").
await kiosk.centralLoaded();
writeSync(1, "READY\n");
if (mode === "drain") {
  const waitUntilDrained = () => {
    const status = kiosk.status();
    if (status.online && status.pendingSync === 0) {
      void kiosk.stop().then(() => {
        writeSync(1, "DRAINED\n");
        process.exit(0);
      });
      return;
    }
    setTimeout(waitUntilDrained, 100);
  };
  waitUntilDrained();
} else {
  scanNext();
}
