/**
 * `ticket-kiosk run` as systemd starts it, in a real terminal (tmux, TERM=linux for readable
 * captures), against a real central service on loopback: keyboard scanner (a wedge scanner types
 * into the terminal), slips to files, logs to the data directory.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ExecutionContext } from "ava";
import type { Central } from "../helpers/centralHarness.js";
import { mainScript } from "../helpers/cliProcess.js";
import { tempDir } from "../helpers/fixtures.js";
import { installPinKey } from "../helpers/pinKeyInstall.js";
import { startTmux, type TmuxTerminal } from "../helpers/tmuxTerminal.js";

export interface KioskInTmuxOptions {
  readonly deviceId: string;
  readonly mode?: "counter" | "self-service";
  /** More keys, merged over the defaults section by section. */
  readonly device?: Record<string, unknown>;
  readonly ui?: Record<string, unknown>;
  readonly scanner?: Record<string, unknown>;
  readonly printer?: Record<string, unknown>;
  readonly offline?: Record<string, unknown>;
  /** Where the kiosk finds the central service, when not at `central.url` (a fault proxy before it). */
  readonly centralUrl?: string;
  readonly size?: { readonly columns: number; readonly rows: number };
  /** No device token: the kiosk starts on the pairing screen (docs/central.md, "Pairing a kiosk"). */
  readonly unpaired?: boolean;
  /** Runs on the data directory before the kiosk starts (a journal to start from). */
  readonly prepare?: (dataDir: string) => Promise<void>;
}

export async function startKioskInTmux(
  t: ExecutionContext,
  central: Central,
  options: KioskInTmuxOptions,
): Promise<{ terminal: TmuxTerminal; slips: string }> {
  const dir = await tempDir("tk-screens-");
  const slips = join(dir.path, "slips");
  const config = join(dir.path, "kiosk.json");
  const issued = options.unpaired === true ? undefined : await central.deviceFor(options.deviceId, "store-a");
  if (issued !== undefined) await installPinKey(join(dir.path, "data"), issued.pinKey);
  await writeFile(
    config,
    JSON.stringify({
      dataDir: join(dir.path, "data"),
      device: {
        id: options.deviceId,
        storeId: "store-a",
        storeName: "台北信義店",
        mode: options.mode ?? "counter",
        ...options.device,
      },
      central: {
        url: options.centralUrl ?? central.url,
        ...(issued === undefined ? {} : { token: issued.token }),
        // Generous: tests that want a timeout say so; a loaded test machine must not fake one.
        timeoutMs: 10_000,
        syncIntervalMs: 500,
      },
      scanner: { kind: "keyboard", ...options.scanner },
      printer: { kind: "file", dir: slips, paperWidthMm: 58, ...options.printer },
      feedback: { kind: "bell" },
      ui: { kind: "blessed", confirm: "ask", ...options.ui },
      ...(options.offline === undefined ? {} : { offline: options.offline }),
    }),
  );
  await options.prepare?.(join(dir.path, "data"));
  const terminal = await startTmux(
    `TERM=linux ${process.execPath} ${mainScript} run --config ${config}`,
    options.size ?? { columns: 80, rows: 24 },
  );
  t.teardown(async () => {
    await terminal.close();
    await dir.remove();
  });
  return { terminal, slips };
}

/** The status bar's last sync shows a time once the kiosk has its tickets and clerks from the central service. */
export async function waitForFirstSync(terminal: TmuxTerminal): Promise<void> {
  await terminal.waitFor(/(上次同步|同步|Last sync|Sync) \d\d:\d\d/, 20_000);
}
