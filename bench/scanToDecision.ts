/**
 * Benchmark 1 (issue 7): scan to decision. A kiosk with its real serial scanner at 115200 baud on a
 * socat pseudo-terminal, the full catalogue in its local cache and the reference central service in
 * its own process on loopback. Each scan is a code and CR written in one go to the far end of the
 * pty; the times run from that write's return (the code's last byte written). Two of them per scan:
 * - `scan_to_decision_*`: to the verdict a counter's ticket screen shows, the session leaving its
 *   lookup (a local lookup and the rules): with `ui.confirm: ask` the confirm screen (or the
 *   refusal) comes then, and the clerk's Enter starts the commit.
 * - `scan_to_redeemed_auto_*`: to the kiosk's `decision` event as a gate (`ui.confirm: auto`) runs
 *   it, after the journal's durable writes and, online, the central service's verdict.
 * The kiosk runs as a gate, so every scan is redeemed at once: the verdicts are timed while the
 * previous scans' commits, syncs and slips go on, as at a busy counter.
 *
 * Two passes of the same size: online (the central service decides), then with the central service
 * stopped (the kiosk decides from its cache under the offline policy). The baseline is the time
 * the code's bytes themselves take on the wire at 115200 baud (8N1), which a pty does not impose.
 * Then the floor under a gate online (gateFloor.ts): the same writes and request with none of the
 * software's work, its p50 and p99 next to the gate's.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { centralDbPath } from "../central/store/storeLocation.js";
import { parseConfig } from "../device/config.js";
import { Kiosk, levelStores } from "../device/kiosk.js";
import type { KioskSession, SessionScreen } from "../device/kioskSession.js";
import { LevelJournal } from "../device/levelJournal.js";
import { JsonLogger } from "../device/logger.js";
import { tempDir } from "../test/helpers/fixtures.js";
import { nextDecision } from "../test/helpers/kioskRig.js";
import { startPtyPair } from "../test/helpers/ptyPair.js";
import { benchData, benchDevice } from "./benchData.js";
import { redeemableIndices, sharedLanes, ticketCode } from "./catalogue.js";
import { startCentralProcess, unlimitedCentral } from "./centralProcess.js";
import { compactStore } from "./compactedStore.js";
import { type Figures, figure, progress, runKioskBenchmark } from "./figures.js";
import { gateFloor } from "./gateFloor.js";
import { type GatePhases, recordGatePhases } from "./gatePhases.js";
import { idleLoopDelayP99, loopDelayP99, summarise, wireMs } from "./stats.js";

const baudRate = 115_200;
/** A gap between scans, as between customers; a scanner cannot send the next code faster anyway. */
const gapMs = 10;
/** Issue 16: a gate's whole redemption, scan to redeemed, at p99. */
const gateP99TargetMs = { online: 15, offline: 10 } as const;

/** Logs are written as in production (JSON lines), to a sink that keeps nothing. */
const discard = new Writable({ write: (_chunk, _encoding, done) => done() });

/**
 * When the session has its verdict on `code`: it leaves the lookup for the commit (the ticket may
 * be redeemed: where `ask` shows the confirm screen) or for a result (a refusal).
 */
function verdictOn(session: KioskSession, code: string): Promise<void> {
  return new Promise((resolve) => {
    const listener = (screen: SessionScreen) => {
      const judged =
        (screen.kind === "working" && screen.step === "commit" && screen.code === code) ||
        (screen.kind === "result" && screen.decision.code === code);
      if (!judged) return;
      session.off("change", listener);
      resolve();
    };
    session.on("change", listener);
  });
}

/**
 * A gate's redemption by phase, each next to the whole (so the ratio is its share): the journal's
 * durable intent and decision, online the central service's answer between them; and how late the
 * event loop ran meanwhile.
 */
function phaseFigures(
  mode: "online" | "offline",
  result: {
    readonly redeemed: { readonly p50: number; readonly p99: number };
    readonly phases: GatePhases;
    readonly loopDelayMs: number;
  },
  idleDelayMs: number,
  conditions: string,
): Figures {
  const figures: Figures = {};
  const timed = {
    intent: "the journal's durable write of the intent",
    ...(mode === "online"
      ? { central: "the central service's answer: request, judgement, its durable commit" }
      : {}),
    decide: "the journal's durable write of the decision",
  };
  for (const [phase, what] of Object.entries(timed)) {
    const summary = result.phases[phase as keyof GatePhases];
    for (const at of ["p50", "p99"] as const) {
      const whole = { name: `scan_to_redeemed_auto_${mode}_${at}_ms`, value: result.redeemed[at] };
      figures[`gate_${mode}_${phase}_${at}_ms`] = figure(summary[at], whole, `${conditions}; ${what}`);
    }
  }
  figures[`gate_${mode}_event_loop_p99_ms`] = figure(
    result.loopDelayMs,
    { name: "idle_event_loop_p99_ms", value: idleDelayMs },
    `${conditions}; how late a 10 ms timer fired during the pass`,
  );
  return figures;
}

runKioskBenchmark(async (options) => {
  const scans = options.quick ? 20 : 1000;
  const data = await benchData(options, { journal: true });
  progress("compacting the kiosk's journal and the central service's store");
  await compactStore(join(data.kioskDir, "journal"));
  await compactStore(centralDbPath(data.centralDir));
  const dir = await tempDir("bench-scan-");
  const central = await startCentralProcess(data.centralDir, unlimitedCentral);
  let centralRunning = true;
  const pty = await startPtyPair(join(dir.path, "scanner-end"), join(dir.path, "kiosk-end"));
  const config = parseConfig({
    dataDir: data.kioskDir,
    device: { id: benchDevice, storeId: "store-a", storeName: "台北信義店" },
    central: { url: central.url, token: data.token },
    scanner: { kind: "serial", path: pty.b, baudRate, terminator: "cr" },
    printer: { kind: "none" },
    feedback: { kind: "none" },
    ui: { kind: "none", confirm: "auto" },
  });
  // The journal the kiosk would build itself, built here so its durable writes can be timed.
  const journal = new LevelJournal(join(config.dataDir, "journal"), () => new Date());
  const phases = recordGatePhases(journal);
  const kiosk = new Kiosk(config, {
    logger: new JsonLogger(discard, "kiosk"),
    version: "bench",
    stores: levelStores(journal),
  });
  const wire = openSync(pty.a, "w");
  try {
    await kiosk.start();
    for (let waited = 0; !(kiosk.status().online && kiosk.status().scanner === "connected"); waited += 50) {
      if (waited > 30_000) throw new Error(`the kiosk never came online: ${JSON.stringify(kiosk.status())}`);
      await sleep(50);
    }
    const codes = redeemableIndices(data.tickets, scans * 2, sharedLanes.scan, sharedLanes.count).map(
      ticketCode,
    );
    const session = kiosk.redemptionSession();
    if (session === undefined) throw new Error("the kiosk has no session");
    const scan = async (code: string) => {
      const judged = verdictOn(session, code);
      const decided = nextDecision(kiosk, code);
      writeSync(wire, `${code}\r`);
      const writtenAt = performance.now();
      const judgedMs = await judged.then(() => performance.now() - writtenAt);
      const decision = await decided;
      return { judgedMs, redeemedMs: performance.now() - writtenAt, decision };
    };
    const pass = async (mode: "online" | "offline", passCodes: readonly string[]) => {
      const judged: number[] = [];
      const redeemed: number[] = [];
      const outcomes = new Map<string, number>();
      phases.take();
      const loopDelayMs = await loopDelayP99(async () => {
        for (const code of passCodes) {
          const { judgedMs, redeemedMs, decision } = await scan(code);
          judged.push(judgedMs);
          redeemed.push(redeemedMs);
          const outcome = `${decision.outcome}${decision.offline ? " offline" : ""}`;
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          await sleep(gapMs);
        }
      });
      const result = {
        decision: summarise(judged),
        redeemed: summarise(redeemed),
        phases: phases.take(),
        loopDelayMs,
      };
      const seen = [...outcomes].map(([outcome, count]) => `${count} ${outcome}`).join(", ");
      const ms = (summary: { p50: number; p99: number }) =>
        `p50 ${summary.p50.toFixed(2)} ms, p99 ${summary.p99.toFixed(2)} ms`;
      progress(`${mode}: decision ${ms(result.decision)}; redeemed ${ms(result.redeemed)} (${seen})`);
      const { intent, central, decide } = result.phases;
      progress(`${mode}: intent ${ms(intent)}; central ${ms(central)}; decide ${ms(decide)}`);
      return { ...result, seen };
    };

    const idleDelayMs = await idleLoopDelayP99(1000);
    const bytes = (codes[0]?.length ?? 14) + 1;
    const baseline = { name: "wire_115200_ms", value: wireMs(bytes, baudRate) };
    const figures: Figures = {};
    const record = (mode: "online" | "offline", result: Awaited<ReturnType<typeof pass>>, how: string) => {
      const conditions = `${scans} scans of ${bytes} bytes, ${gapMs} ms after each redemption, ${data.tickets.toLocaleString("en")} tickets cached; ${how}; ${result.seen}`;
      const named = {
        [`scan_to_decision_${mode}`]: {
          summary: result.decision,
          what: "to the verdict of the ticket screen (lookup and rules)",
          p99TargetMs: 10,
        },
        [`scan_to_redeemed_auto_${mode}`]: {
          summary: result.redeemed,
          what: "to the decision of a gate (confirm: auto), durable commits included",
          p99TargetMs: gateP99TargetMs[mode],
        },
      };
      for (const [name, { summary, what, p99TargetMs }] of Object.entries(named)) {
        figures[`${name}_p50_ms`] = figure(summary.p50, baseline, `${conditions}; ${what}`);
        figures[`${name}_p99_ms`] = figure(summary.p99, baseline, `${conditions}; ${what}`, {
          max: p99TargetMs,
        });
      }
      Object.assign(figures, phaseFigures(mode, result, idleDelayMs, conditions));
    };
    const online = await pass("online", codes.slice(0, scans));
    record("online", online, "the central service decides");
    await central.stop();
    centralRunning = false;
    record(
      "offline",
      await pass("offline", codes.slice(scans)),
      "central service stopped: the offline policy decides",
    );
    const floor = await gateFloor(dir.path, scans, gapMs);
    progress(`floor: p50 ${floor.p50.toFixed(2)} ms, p99 ${floor.p99.toFixed(2)} ms`);
    for (const at of ["p50", "p99"] as const) {
      figures[`gate_online_floor_${at}_ms`] = figure(
        floor[at],
        { name: `scan_to_redeemed_auto_online_${at}_ms`, value: online.redeemed[at] },
        `${scans} redemptions, ${gapMs} ms after each: two durable LevelDB writes of a gate's records around a loopback POST to a bare server that writes the least a central can, durably (bench/gateFloor.ts)`,
      );
    }
    return figures;
  } finally {
    closeSync(wire);
    await kiosk.stop();
    await pty.stop();
    if (centralRunning) await central.stop();
    await dir.remove();
    await data.release();
  }
});
