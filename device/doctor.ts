/**
 * `ticket-kiosk doctor`: checks what a technician would check by hand — config, data directory,
 * central service and token, clock, scanner and printer — and says what to do about each failure.
 * Exit status 0 when everything passed, 1 otherwise.
 */
import { constants } from "node:fs";
import { access, mkdir } from "node:fs/promises";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import type { Writable } from "node:stream";
import { CentralError } from "../sync/centralApi.js";
import { SystemClock } from "./clock.js";
import { type Config, loadConfig } from "./config.js";
import { LevelJournal } from "./levelJournal.js";

type Verdict = "pass" | "warn" | "fail";

interface Check {
  readonly name: string;
  readonly verdict: Verdict;
  readonly detail: string;
  readonly fix?: string;
}

const marks: Record<Verdict, string> = { pass: "✔", warn: "⚠", fail: "✖" };

export async function doctorCommand(
  configFile: string,
  io: { stdout: Writable; version: string },
): Promise<number> {
  const config = await loadConfig(configFile);
  const checks: Check[] = [{ name: "config", verdict: "pass", detail: `${configFile} is valid` }];
  checks.push(await checkDataDir(config));
  checks.push(...(await checkCentral(config, io.version)));
  checks.push(checkClock());
  checks.push(await checkScanner(config));
  checks.push(await checkPrinter(config));
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
    await journal.close();
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

async function checkCentral(config: Config, version: string): Promise<Check[]> {
  const { UndiciCentralApi } = await import("../sync/undiciCentralApi.js");
  let token = config.central.token;
  if (token === undefined) {
    try {
      const { readFile } = await import("node:fs/promises");
      token = (await readFile(config.central.tokenFile ?? "", "utf8")).trim();
    } catch (error) {
      return [
        {
          name: "central",
          verdict: "fail",
          detail: `token file unreadable: ${(error as Error).message}`,
          fix: "check central.tokenFile and its permissions",
        },
      ];
    }
  }
  const api = new UndiciCentralApi({
    url: config.central.url,
    token,
    userAgent: `ticket-kiosk/${version} doctor`,
  });
  const timeoutMs = Math.max(config.central.timeoutMs, 3000);
  const startedAt = performance.now();
  try {
    await api.health(timeoutMs);
  } catch (error) {
    return [
      {
        name: "central",
        verdict: "fail",
        detail: `${config.central.url} unreachable: ${(error as Error).message}`,
        fix: "check central.url, the network and that the central service runs",
      },
    ];
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
    const refused = error instanceof CentralError && error.kind === "unauthorized";
    return [
      {
        name: "central",
        verdict: "fail",
        detail: refused
          ? "the device token is refused"
          : `ticket download fails: ${(error as Error).message}`,
        fix: refused
          ? "make a new token: ticket-kiosk central token --device ID --store STORE"
          : "look at the central service's logs",
      },
    ];
  }
}

function checkClock(): Check {
  const synced = new SystemClock().synced();
  return synced
    ? { name: "clock", verdict: "pass", detail: `synchronised (${new Date().toISOString()})` }
    : {
        name: "clock",
        verdict: "warn",
        detail: `not known to be synchronised (${new Date().toISOString()})`,
        fix: "enable systemd-timesyncd (timedatectl set-ntp true); redemptions are marked unsynchronised until then",
      };
}

async function checkScanner(config: Config): Promise<Check> {
  const { kind, path } = config.scanner;
  if (kind !== "serial" || path === undefined) return { name: "scanner", verdict: "pass", detail: `${kind}` };
  try {
    await access(path, constants.R_OK | constants.W_OK);
    return { name: "scanner", verdict: "pass", detail: `${path} present at ${config.scanner.baudRate} baud` };
  } catch (error) {
    return {
      name: "scanner",
      verdict: "fail",
      detail: `${path}: ${(error as NodeJS.ErrnoException).code ?? "unavailable"}`,
      fix: "plug the scanner in; check the udev rule and the dialout group",
    };
  }
}

async function checkPrinter(config: Config): Promise<Check> {
  const printer = config.printer;
  const name = "printer";
  try {
    switch (printer.kind) {
      case "none":
        return { name, verdict: "pass", detail: "none configured" };
      case "file":
        await mkdir(printer.dir ?? "", { recursive: true });
        await access(printer.dir ?? "", constants.W_OK);
        return { name, verdict: "pass", detail: `slips go to ${printer.dir}` };
      case "tcp":
        await tcpReachable(printer.host ?? "", printer.port);
        return { name, verdict: "pass", detail: `${printer.host}:${printer.port} accepts connections` };
      case "serial":
      case "usb-lp":
        await access(printer.path ?? "", constants.W_OK);
        return { name, verdict: "pass", detail: `${printer.path} present` };
    }
  } catch (error) {
    const where =
      printer.kind === "tcp"
        ? `${printer.host}:${printer.port}`
        : (printer.path ?? printer.dir ?? dirname("."));
    return {
      name,
      verdict: "fail",
      detail: `${where}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      fix: "check the cable, power and paper, and the printer.* settings",
    };
  }
}

function tcpReachable(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, timeout: 3000 });
    socket.once("connect", () => {
      socket.end();
      resolve();
    });
    socket.once("timeout", () => {
      socket.destroy();
      reject(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" }));
    });
    socket.once("error", reject);
  });
}
