#!/usr/bin/env node
/**
 * The `ticket-kiosk` executable (docs/protocol.md). The process belongs to this file: only here do we
 * exit, handle signals and choose where logs go. Exit status: 0 done, 1 failed while running (or
 * damage found by a verify command), 2 bad usage or configuration (nothing was started), 3 a store
 * written by a newer version (storeFormat.ts: nothing was changed).
 */
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, loadPairableConfig, type PairableConfig } from "./config.js";
import type { Kiosk } from "./kiosk.js";
import { fileLogger, JsonLogger, type Logger, linesPerTurn } from "./logger.js";
import { isStoreFormatError, newerStoreExitStatus } from "./storeFormat.js";
import { kioskStatusLine, SystemdNotifier, stopDeadlineMs } from "./systemdNotify.js";

const usage = `usage: ticket-kiosk <command> [options]

  demo [--data DIR] [--headless] [--reset]
                                       the kiosk with an embedded central service and demo data
  run --config FILE                    the kiosk daemon (as systemd starts it); with no device
                                       token yet, it shows the pairing screen first
  pair --config FILE --code CODE       pair this kiosk: CODE is the pairing QR code's text or
                                       the code alone (docs/central.md, "Pairing a kiosk")
  central --data DIR [--host H] [--port P] [--tls-cert FILE --tls-key FILE]
                                       the reference central service (or --database URL:
                                       PostgreSQL, for every central subcommand)
  central import --data DIR FILE       load stores, clerks, orders and tickets (JSON or CSV)
  central token --data DIR --device ID --store STORE
                                       make a device token (printed alone on stdout)
  central pair --data DIR --store STORE --name ID [--url URL]
                                       a one-time code to pair a kiosk by scanning its QR code
  journal export --config FILE         the local journal as JSON lines, oldest first
  journal verify --config FILE         check the journal (exit 0 intact, 1 damage listed)
  journal recover --config FILE        put back what the central service has of a damaged journal
  journal import --config FILE EXPORT.jsonl
                                       restore a replaced kiosk's exported entries here
  central revoke --data DIR --device ID
                                       revoke every token of a device
  central verify --data DIR            check the central service's store (0 intact, 1 damaged)
  central migrate --database URL       apply the PostgreSQL schema migrations not yet applied
  central --help                       every central subcommand and its options
  doctor --config FILE                 check config, devices, central service and clock
  print-test --config FILE             print a test slip with every kind of character
  --version                            print the version`;

/** Something the process can stop on SIGTERM/SIGINT. */
export interface Stoppable {
  stop(): Promise<unknown>;
  /** For the systemd watchdog; without it, a running event loop counts as healthy. */
  healthy?(): Promise<boolean>;
}

/** Bad command-line usage; other modules throw errors with the same name. */
class UsageError extends Error {
  override readonly name = "UsageError";
}

export function version(): string {
  const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return packageJson.version;
}

/**
 * The usage of one command: its lines of `usage` (a line that starts with it and the lines that
 * continue it), or all of it for a command it does not list.
 */
function usageOf(command: string): string {
  const lines = usage.split("\n").slice(2);
  const own: string[] = [];
  let inside = false;
  for (const line of lines) {
    if (/^ {2}\S/.test(line)) inside = line.trimStart().startsWith(`${command} `);
    if (inside) own.push(line);
  }
  return own.length === 0 ? usage : `usage: ticket-kiosk <command> [options]\n\n${own.join("\n")}`;
}

/** `--help` or `-h` anywhere after a command asks for its usage: nothing runs, exit 0. */
function asksForHelp(args: readonly string[]): boolean {
  return args.includes("--help") || args.includes("-h");
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const stderrLogger = new JsonLogger(process.stderr, "kiosk");
  // The central service's commands answer --help with their own, longer usage (centralCli.ts).
  if (command !== undefined && command !== "central" && !command.startsWith("-") && asksForHelp(rest)) {
    process.stdout.write(`${usageOf(command)}\n`);
    return 0;
  }
  switch (command) {
    case "run": {
      const { kiosk, systemd } = await runKiosk(rest);
      return serve(kiosk, systemd);
    }
    case "demo": {
      const { runDemo } = await import("./demo.js");
      const io = {
        version: version(),
        stdout: process.stdout,
        stderr: process.stderr,
        stdin: process.stdin,
        onQuit: quit,
      };
      return serve(await runDemo(rest, io));
    }
    case "central": {
      const { centralCommand } = await import("../central/centralCli.js");
      const result = await centralCommand(rest, {
        stdin: process.stdin,
        stdout: process.stdout,
        stderr: process.stderr,
        env: process.env,
        // Its two lines a request go out once a turn (linesPerTurn); the kiosk's stay a write each.
        logger: new JsonLogger(linesPerTurn(process.stderr), "kiosk:central"),
      });
      return typeof result === "number"
        ? result
        : serve(result, SystemdNotifier.fromEnv(process.env, stderrLogger.child("systemd")));
    }
    case "journal":
      return journalCommand(rest);
    case "pair": {
      const { values } = parseArgs({
        args: rest,
        options: { config: { type: "string", short: "c" }, code: { type: "string" } },
        strict: true,
      });
      if (values.config === undefined || values.code === undefined)
        throw new UsageError("pair takes --config FILE and --code CODE");
      const { pairCommand } = await import("./pairingStation.js");
      const io = { stdout: process.stdout, stderr: process.stderr, version: version() };
      return pairCommand(await loadPairableConfig(values.config), values.code, io);
    }
    case "doctor": {
      const { doctorCommand } = await import("./doctor.js");
      return doctorCommand(configFlag(rest), { stdout: process.stdout, version: version() });
    }
    case "print-test": {
      const { printTestCommand } = await import("./printTest.js");
      return printTestCommand(configFlag(rest), { stdout: process.stdout, logger: stderrLogger });
    }
    case "--version":
    case "-v":
      process.stdout.write(`${version()}\n`);
      return 0;
    case undefined:
    case "--help":
    case "-h":
    case "help":
      process.stdout.write(`${usage}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** The UI asked to quit (Ctrl+C in raw mode never reaches us as SIGINT): stop like on a signal. */
function quit(): void {
  process.kill(process.pid, "SIGTERM");
}

function configFlag(args: string[]): string {
  const { values } = parseArgs({ args, options: { config: { type: "string", short: "c" } }, strict: true });
  if (values.config === undefined) throw new UsageError("--config FILE is required");
  return values.config;
}

async function runKiosk(args: string[]): Promise<{ kiosk: Kiosk; systemd: SystemdNotifier | undefined }> {
  const configFile = configFlag(args);
  // The file as it is: a kiosk still to pair may name no device; pairing names it (pairedIdentity.ts).
  const pairable = await loadPairableConfig(configFile);
  // The blessed UI owns the terminal: when stderr is that terminal, logs go to a file instead.
  const logFile =
    pairable.logFile ??
    (pairable.ui.kind === "blessed" && process.stderr.isTTY ? `${pairable.dataDir}/kiosk.log` : undefined);
  if (logFile !== undefined) await mkdir(dirname(logFile), { recursive: true });
  const logger: Logger =
    logFile === undefined
      ? new JsonLogger(process.stderr, "kiosk", pairable.logLevel)
      : fileLogger(logFile, "kiosk", pairable.logLevel);
  const systemd = SystemdNotifier.fromEnv(process.env, logger.child("systemd"));
  await pairIfNeeded(pairable, logger, systemd);
  const config = await loadConfig(configFile);
  const { Kiosk } = await import("./kiosk.js");
  const kiosk = new Kiosk(config, { logger, version: version(), ...testOnlyJournalWrites(logger) });
  // Under systemd a keypress must not end the kiosk (it would stay down: a clean exit is not a
  // failure to restart from); `systemctl stop ticket-kiosk` does.
  kiosk.on("quit", () =>
    systemd === undefined ? quit() : logger.info("Ctrl+C ignored under systemd: systemctl stop ticket-kiosk"),
  );
  kiosk.on("status", (status) => systemd?.status(kioskStatusLine(status)));
  systemd?.status("starting: opening the journal and the devices");
  try {
    await kiosk.start();
  } catch (error) {
    await kiosk.stop();
    throw error;
  }
  systemd?.status(kioskStatusLine(kiosk.status()));
  return { kiosk, systemd };
}

/**
 * A kiosk with no device token yet waits on the pairing screen (pairingStation.ts) and then starts.
 * The wait has no end systemd could know, so it counts as running: READY=1 now (sent again once the
 * kiosk runs), and the watchdog fed meanwhile.
 */
async function pairIfNeeded(
  config: PairableConfig,
  logger: Logger,
  systemd: SystemdNotifier | undefined,
): Promise<void> {
  const { needsPairing } = await import("./kioskPairing.js");
  if (!(await needsPairing(config))) return;
  const watchdog = systemd?.createWatchdog(() => Promise.resolve(true));
  systemd?.ready();
  systemd?.status("waiting to be paired: scan the set-up QR code");
  watchdog?.start();
  try {
    const { pairBeforeStart } = await import("./pairingStation.js");
    await pairBeforeStart(config, { logger, version: version(), onQuit: quit });
  } finally {
    watchdog?.stop();
  }
}

/**
 * `TK_TEST_UNSYNCED_JOURNAL=1` writes the journal without fsync: the negative control of the
 * power-loss harness (docs/reliability.md, "Negative control"), which must catch the daemon losing
 * acknowledged redemptions. Never set it on a kiosk; it says so in the log when it is.
 */
function testOnlyJournalWrites(logger: Logger): { journalWrites?: { sync: false } } {
  if (process.env.TK_TEST_UNSYNCED_JOURNAL !== "1") return {};
  logger.warn("TK_TEST_UNSYNCED_JOURNAL=1: the journal is written without fsync (a test-only setting)");
  return { journalWrites: { sync: false } };
}

async function journalCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { config: { type: "string", short: "c" } },
    allowPositionals: sub === "import",
    strict: true,
  });
  if (values.config === undefined) throw new UsageError("--config FILE is required");
  const io = { stdout: process.stdout };
  switch (sub) {
    case "export": {
      const config = await loadConfig(values.config);
      const { exportJournal } = await import("./journalExport.js");
      const damage = await exportJournal(config.dataDir, process.stdout);
      if (damage === null) return 0;
      process.stderr.write(
        `ticket-kiosk: the journal is damaged, this export is not complete:\n${damage.findings.map((f) => `- ${f}\n`).join("")}`,
      );
      return 1;
    }
    case "verify": {
      const { verifyCommand } = await import("./journalCommands.js");
      return verifyCommand(await loadConfig(values.config), io);
    }
    case "recover": {
      const { recoverCommand } = await import("./journalCommands.js");
      return recoverCommand(await loadConfig(values.config), io);
    }
    case "import": {
      const [file, ...extra] = positionals;
      if (file === undefined || extra.length > 0)
        throw new UsageError("journal import takes one EXPORT.jsonl file");
      const { importCommand } = await import("./journalCommands.js");
      return importCommand(await loadConfig(values.config), file, io);
    }
    default:
      throw new UsageError(
        `unknown journal command "${sub ?? ""}" (expected: export, verify, recover, import)`,
      );
  }
}

/**
 * Keeps a long-running command alive until SIGTERM or SIGINT, then stops it within the stop timeout.
 * Under systemd (`Type=notify`): READY=1 now that it runs, WATCHDOG=1 while it is healthy,
 * STOPPING=1 when the stop begins, and that last message delivered before we exit.
 */
function serve(running: Stoppable, systemd?: SystemdNotifier): Promise<number> {
  const watchdog = systemd?.createWatchdog(() => running.healthy?.() ?? Promise.resolve(true));
  systemd?.ready();
  watchdog?.start();
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        process.stderr.write(
          `${JSON.stringify({ level: "warn", msg: "second signal: exiting now", signal })}\n`,
        );
        process.exit(1);
      }
      stopping = true;
      // systemd stops watching once it stops us; a ping now could only arrive after STOPPING.
      watchdog?.stop();
      systemd?.stopping(`stopping on ${signal}`);
      const finish = (code: number) => {
        clearTimeout(deadline);
        void (systemd?.flush() ?? Promise.resolve()).then(() => resolve(code));
      };
      // A part that never stops must not leave the exit to systemd's SIGKILL, which says nothing.
      const deadline = setTimeout(() => {
        process.stderr.write(
          `${JSON.stringify({ level: "error", msg: "stop took too long: exiting", stopDeadlineMs })}\n`,
        );
        finish(1);
      }, stopDeadlineMs);
      running.stop().then(
        (failed) => finish(Array.isArray(failed) && failed.length > 0 ? 1 : 0),
        () => finish(1),
      );
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });
}

function report(error: unknown): number {
  if (error instanceof ConfigError) {
    process.stderr.write(`ticket-kiosk: invalid configuration: ${error.message}\n`);
    return 2;
  }
  if (
    (error as Error).name === "UsageError" ||
    (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
  ) {
    process.stderr.write(`ticket-kiosk: ${(error as Error).message}\n\n${usage}\n`);
    return 2;
  }
  if (isStoreFormatError(error)) {
    process.stderr.write(`ticket-kiosk: ${error.message}\n`);
    return newerStoreExitStatus;
  }
  if ((error as Error).name === "KioskLockedError") {
    process.stderr.write(`ticket-kiosk: ${(error as Error).message}\n`);
    return 1;
  }
  process.stderr.write(`ticket-kiosk: ${(error as Error).stack ?? String(error)}\n`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Long-running commands have stopped; anything left (a socket, a timer) must not keep us alive.
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (error: unknown) => {
    process.exitCode = report(error);
    setTimeout(() => process.exit(), 2000).unref();
  },
);
