/**
 * The Node flags the kiosk runs with: those of `ExecStart=` in systemd/ticket-kiosk.service, read
 * from the unit itself, so a benchmark runs the kiosk as a user's kiosk runs and a figure cannot
 * drift from the unit (docs/performance.md, "Memory: the kiosk's Node flags"). V8 flags such as
 * these are not allowed in NODE_OPTIONS, hence the command line. Its compile cache too
 * (`NODE_COMPILE_CACHE` in `Environment=`), in a folder of the benchmarks' own for systemd's `%C`.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NodeRuntime } from "../test/helpers/cliProcess.js";
import { hostNode } from "../test/helpers/cliProcess.js";

const unitFile = new URL("../../systemd/ticket-kiosk.service", import.meta.url);

/** The flags between `node` and the script in a unit's `ExecStart=` line; none when it has none. */
export function unitNodeFlags(unit: string): string[] {
  return commandNodeFlags(/^ExecStart=(.*)$/m.exec(unit)?.[1] ?? "");
}

/** The flags between `node` and the script in a command line (`/usr/bin/node --a main.js run`). */
export function commandNodeFlags(command: string): string[] {
  const [node = "", ...rest] = command.split(" ");
  if (!node.endsWith("/node")) return [];
  const flags: string[] = [];
  for (const word of rest) {
    if (!word.startsWith("-")) break;
    flags.push(word);
  }
  return flags;
}

/** The `KEY=value` words of a unit's `Environment=` lines, with systemd's `%C` (the cache root) as given. */
export function unitEnvironment(unit: string, cacheRoot: string): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [, words = ""] of unit.matchAll(/^Environment=(.*)$/gm)) {
    for (const word of words.split(" ")) {
      const at = word.indexOf("=");
      if (at > 0) environment[word.slice(0, at)] = word.slice(at + 1).replaceAll("%C", cacheRoot);
    }
  }
  return environment;
}

const unitText = readFileSync(unitFile, "utf8");
export const kioskNodeFlags: readonly string[] = unitNodeFlags(unitText);
const { NODE_COMPILE_CACHE } = unitEnvironment(unitText, join(tmpdir(), "ticket-kiosk-bench", "cache"));

/** How a benchmark starts `ticket-kiosk` (cliProcess.ts): with the unit's flags and compile cache. */
export const kioskRuntime: NodeRuntime = {
  ...hostNode,
  name: "kiosk",
  args: kioskNodeFlags,
  env: NODE_COMPILE_CACHE === undefined ? {} : { NODE_COMPILE_CACHE },
};

/**
 * For a benchmark that runs the kiosk's code in its own process: true when this process has the
 * unit's flags. Otherwise it runs this same script again with them, passes its output and exit
 * status through, and returns false (the caller then measures nothing itself).
 */
export async function hasKioskNodeFlags(): Promise<boolean> {
  if (kioskNodeFlags.every((flag) => process.execArgv.includes(flag))) return true;
  const script = process.argv[1] ?? "";
  const child = spawn(
    process.execPath,
    [...kioskNodeFlags, ...process.execArgv, script, ...process.argv.slice(2)],
    {
      stdio: "inherit",
    },
  );
  const [code] = (await once(child, "exit")) as [number | null];
  process.exitCode = code ?? 1;
  return false;
}
