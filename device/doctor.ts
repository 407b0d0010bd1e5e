/**
 * `ticket-kiosk doctor`: checks what a technician would check by hand — config, data directory,
 * central service and token, clock, and each device for real — and says what to do about each
 * failure. Exit status 0 when nothing failed (warnings allowed), 1 otherwise.
 *
 * Devices: with no kiosk running, the scanner's port is opened, the printer is asked for its
 * state (DLE EOT where the link is two-way) and the feedback board blinks. A running kiosk holds
 * the serial ports (serialport locks them), so then its own view of them is asked for over its
 * control socket instead.
 */
import { constants } from "node:fs";
import { access, mkdir } from "node:fs/promises";
import { request } from "node:http";
import { join } from "node:path";
import type { Writable } from "node:stream";
import type { BindingInterface } from "@serialport/bindings-cpp";
import type { FeedbackDiagnosisDeps } from "../drivers/feedback/feedbackDiagnosis.js";
import { readDeviceToken } from "../sync/deviceToken.js";
import { diagnosePinKey } from "../sync/pinKeyDiagnosis.js";
import { SystemClock } from "./clock.js";
import { type Config, type ConfigError, loadConfig } from "./config.js";
import type { KioskStatus } from "./kioskStatus.js";
import { LevelJournal } from "./levelJournal.js";
import { silentLogger } from "./logger.js";
import { CentralError } from "./ports/centralApi.js";
import type { Diagnosis, Verdict } from "./ports/diagnosis.js";
import type { PrinterState } from "./ports/printer.js";
import { describeFinding } from "./storeIntegrity.js";

interface Check extends Diagnosis {
  readonly name: string;
}

/** The devices' lowest seams, for tests; the real ones when absent. */
export interface DoctorDevices {
  /** The serialport binding the scanner is opened with. */
  readonly binding?: BindingInterface | undefined;
  readonly feedback?: FeedbackDiagnosisDeps | undefined;
}

const marks: Record<Verdict, string> = { pass: "✔", warn: "⚠", fail: "✖" };

export async function doctorCommand(
  configFile: string,
  io: { stdout: Writable; version: string; devices?: DoctorDevices | undefined },
): Promise<number> {
  const config = await loadConfig(configFile);
  const checks: Check[] = [{ name: "config", verdict: "pass", detail: `${configFile} is valid` }];
  checks.push(await checkDataDir(config));
  // The daemon's own rule (clock.ts), fed the central service's Date header as the daemon's is.
  const clock = new SystemClock();
  checks.push(...(await checkCentral(config, io.version, clock)));
  checks.push({ name: "pin key", ...(await diagnosePinKey(config)) });
  const running = await runningKiosk(config.dataDir);
  checks.push(checkClock(running?.clockSynced ?? clock.synced()));
  checks.push(
    ...(running === undefined ? await checkDevices(config, io.devices ?? {}) : heldDevices(config, running)),
  );
  for (const check of checks) {
    io.stdout.write(`${marks[check.verdict]} ${check.name.padEnd(8)} ${check.detail}\n`);
    if (check.fix !== undefined && check.verdict !== "pass") io.stdout.write(`  → ${check.fix}\n`);
  }
  const failed = checks.filter((c) => c.verdict === "fail").length;
  io.stdout.write(failed === 0 ? "\nall checks passed\n" : `\n${failed} check(s) failed\n`);
  return failed === 0 ? 0 : 1;
}

async function checkDataDir(config: Config): Promise<Check> {
  const name = "journal";
  try {
    await mkdir(config.dataDir, { recursive: true });
    await access(config.dataDir, constants.W_OK);
  } catch (error) {
    return {
      name,
      verdict: "fail",
      detail: `${config.dataDir} is not writable (${(error as Error).message})`,
      fix: "create it and give it to the kiosk's user",
    };
  }
  const journal = new LevelJournal(join(config.dataDir, "journal"));
  try {
    await journal.open();
    const pending = journal.pendingSummary().count;
    const damage = journal.integrity();
    await journal.close();
    if (damage !== undefined) {
      return {
        name,
        verdict: "fail",
        detail: `journal damaged since ${damage.detectedAt}: ${damage.findings.map(describeFinding).join("; ")}`,
        fix: "ticket-kiosk journal verify lists it; move the entries to a fresh journal (docs/reliability.md)",
      };
    }
    return {
      name,
      verdict: "pass",
      detail: `${config.dataDir}: journal opens, ${pending} entr${pending === 1 ? "y" : "ies"} waiting to sync`,
    };
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === "LEVEL_LOCKED") {
      return { name, verdict: "pass", detail: `${config.dataDir}: in use by the running kiosk` };
    }
    return {
      name,
      verdict: "fail",
      detail: `journal does not open: ${(error as Error).message}`,
      fix: "look at the disk; restore the data directory from the broken kiosk (docs)",
    };
  }
}

async function checkCentral(config: Config, version: string, clock: SystemClock): Promise<Check[]> {
  const { UndiciCentralApi } = await import("../sync/undiciCentralApi.js");
  const { centralDispatcher, certificateFault } = await import("../sync/centralTrust.js");
  const failed = (detail: string, fix: string): Check[] => [
    { name: "central", verdict: "fail", detail, fix },
  ];
  let token: string;
  try {
    token = await readDeviceToken(config);
  } catch (error) {
    return failed(
      (error as Error).message,
      `check central.tokenFile and its permissions; or pair this kiosk: scan the QR code of ticket-kiosk central pair --store ${config.device.storeId} --name ${config.device.id} (docs/central.md, "Pairing a kiosk")`,
    );
  }
  let dispatcher: Awaited<ReturnType<typeof centralDispatcher>>;
  try {
    dispatcher = await centralDispatcher(config);
  } catch (error) {
    return failed(
      `central.caFile ${config.central.caFile ?? ""}: ${(error as ConfigError).problems[0]?.message ?? ""}`,
      "copy the PEM of the CA that signed the central service's certificate there, readable by the kiosk's user (docs/deploy.md)",
    );
  }
  const api = new UndiciCentralApi({
    url: config.central.url,
    dispatcher,
    token: async () => token,
    userAgent: `ticket-kiosk/${version} doctor`,
    device: { deviceId: config.device.id, storeId: config.device.storeId },
    onServerTime: (serverMs, localMs) => clock.observeServerTime(serverMs, localMs),
  });
  const timeoutMs = Math.max(config.central.timeoutMs, 3000);
  const startedAt = performance.now();
  try {
    await api.health(timeoutMs);
  } catch (error) {
    const untrusted = certificateFault((error as { cause?: { code?: string } }).cause?.code) !== undefined;
    return failed(
      `${config.central.url} unreachable: ${(error as Error).message}`,
      untrusted
        ? "set central.caFile to the PEM of the CA that signed the central service's certificate, or fix that certificate (docs/deploy.md)"
        : "check central.url, the network and that the central service runs",
    );
  }
  const latencyMs = Math.round(performance.now() - startedAt);
  try {
    await api.fetchTickets(undefined, 1, timeoutMs);
    return [
      {
        name: "central",
        verdict: "pass",
        detail: `${config.central.url} answers in ${latencyMs} ms; the device token is accepted`,
      },
    ];
  } catch (error) {
    return [{ name: "central", ...downloadFailure(error, config) }];
  }
}

/**
 * The same judgement as the daemon's `clockSynced`: a running kiosk's own answer, else the same
 * rule applied here (systemd-timesyncd's flag, or agreement with the central service's clock).
 */
function downloadFailure(error: unknown, config: Config): Diagnosis {
  const kind = error instanceof CentralError ? error.kind : undefined;
  const newToken = `make a token for this kiosk: ticket-kiosk central token --device ${config.device.id} --store ${config.device.storeId}`;
  if (kind === "unauthorized")
    return { verdict: "fail", detail: "the device token is refused", fix: newToken };
  if (kind === "scope_mismatch") {
    return {
      verdict: "fail",
      detail: `the token does not match device.id ${config.device.id} / device.storeId ${config.device.storeId}: ${(error as Error).message}`,
      fix: `${newToken}, or correct device.id and device.storeId`,
    };
  }
  return {
    verdict: "fail",
    detail: `ticket download fails: ${(error as Error).message}`,
    fix: "look at the central service's logs",
  };
}

function checkClock(synced: boolean): Check {
  return synced
    ? { name: "clock", verdict: "pass", detail: `synchronised (${new Date().toISOString()})` }
    : {
        name: "clock",
        verdict: "warn",
        detail: `not known to be synchronised (${new Date().toISOString()})`,
        fix: "enable systemd-timesyncd (timedatectl set-ntp true); redemptions are marked unsynchronised until then",
      };
}

/** What the running kiosk says about itself, over its control socket; undefined when none answers. */
function runningKiosk(dataDir: string): Promise<KioskStatus | undefined> {
  return new Promise((resolve) => {
    const req = request(
      { socketPath: join(dataDir, "kiosk.sock"), path: "/status", timeout: 2000 },
      (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => {
          try {
            resolve(res.statusCode === 200 ? (JSON.parse(body) as KioskStatus) : undefined);
          } catch {
            resolve(undefined);
          }
        });
      },
    );
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(undefined));
    req.end();
  });
}

/** No kiosk running: open each device for real. */
async function checkDevices(config: Config, devices: DoctorDevices): Promise<Check[]> {
  const { diagnoseScanner } = await import("../drivers/scanner/scannerDiagnosis.js");
  const { diagnoseFeedback } = await import("../drivers/feedback/feedbackDiagnosis.js");
  return [
    { name: "scanner", ...(await diagnoseScanner(config.scanner, { binding: devices.binding })) },
    { name: "printer", ...(await checkPrinter(config.printer)) },
    { name: "feedback", ...(await diagnoseFeedback(config.feedback, devices.feedback)) },
  ];
}

/** The kiosk runs and holds the devices (serial ports are locked): report what it sees. */
function heldDevices(config: Config, status: KioskStatus): Check[] {
  const held = "held by the running kiosk";
  const scanner: Diagnosis =
    status.scanner === "disconnected"
      ? {
          verdict: "fail",
          detail: `${held}, which cannot reach it at ${config.scanner.path ?? "?"}`,
          fix: "plug the scanner in and check scanner.path (ls -l /dev/serial/by-id/); the kiosk reconnects by itself",
        }
      : { verdict: "pass", detail: `${held}: ${status.scanner}` };
  const feedback: Diagnosis =
    config.feedback.kind === "johnny-five" || config.feedback.kind === "gpio"
      ? {
          verdict: "warn",
          detail: `${held}; not blinked`,
          fix: "stop the kiosk (systemctl stop ticket-kiosk) and run doctor again to blink it",
        }
      : { verdict: "pass", detail: config.feedback.kind };
  return [
    { name: "scanner", ...scanner },
    { name: "printer", ...printerVerdict(status.printer, `${held}: ${printerPlace(config.printer)}`) },
    { name: "feedback", ...feedback },
  ];
}

/** Opens the printer and asks for its state (DLE EOT where the link is two-way). */
async function checkPrinter(config: Config["printer"]): Promise<Diagnosis> {
  if (config.kind === "none") return { verdict: "pass", detail: "none configured" };
  const { createPrinter } = await import("../drivers/printer/createPrinter.js");
  const printer = await createPrinter(config, { logger: silentLogger });
  try {
    await printer.start();
    return printerVerdict(await printer.checkState(), printerPlace(config));
  } finally {
    await printer.stop().catch(() => {});
  }
}

function printerPlace(config: Config["printer"]): string {
  if (config.kind === "tcp") return `${config.host ?? "?"}:${config.port}`;
  if (config.kind === "file") return `slips go to ${config.dir ?? "?"}`;
  return config.path ?? config.kind;
}

function printerVerdict(state: PrinterState, where: string): Diagnosis {
  switch (state) {
    case "ready":
      return { verdict: "pass", detail: `${where}: ready` };
    case "none":
      return { verdict: "pass", detail: "none configured" };
    case "paper_out":
      return { verdict: "fail", detail: `${where}: out of paper`, fix: "load a roll of thermal paper" };
    case "cover_open":
      return { verdict: "fail", detail: `${where}: cover open`, fix: "close the printer's cover" };
    case "offline":
      return {
        verdict: "fail",
        detail: `${where}: offline or not answering`,
        fix: "check its power and error light; a printer without DLE EOT needs printer.statusTimeoutMs 0",
      };
    case "disconnected":
      return {
        verdict: "fail",
        detail: `${where}: not reachable`,
        fix: "check the cable or network, the power, and the printer.* settings",
      };
  }
}
