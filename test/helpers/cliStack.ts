/**
 * The real executables on loopback, for tests that kill and restart them: a central service (a
 * child process over examples/catalogue.json) and kiosk config files pointing at it, each kiosk
 * scanning from its stdin (`scanner.kind: keyboard`) and printing to files.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ExecutionContext } from "ava";
import { type CliProcess, runCli, startCli } from "./cliProcess.js";
import { tempDir } from "./fixtures.js";
import { parseIssued } from "./pinKeyInstall.js";

const catalogue = fileURLToPath(new URL("../../../examples/catalogue.json", import.meta.url));

export interface CliStack {
  readonly dir: string;
  readonly centralData: string;
  /** The running central service; `startCentral` starts it again after a kill, on its port. */
  central: CliProcess;
  url: string;
  startCentral(): Promise<void>;
  token(deviceId: string): Promise<string>;
  /**
   * Writes a kiosk config for `deviceId` with its data in `<dir>/<name>`, talking to `centralUrl`
   * (the service's own by default); returns its path.
   */
  kioskConfig(
    name: string,
    deviceId: string,
    fields?: Record<string, unknown>,
    centralUrl?: string,
  ): Promise<string>;
}

export async function startCliStack(t: ExecutionContext): Promise<CliStack> {
  const temp = await tempDir("tk-stack-");
  const centralData = join(temp.path, "central");
  const imported = await runCli(["central", "import", "--data", centralData, catalogue]);
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
  const running: CliProcess[] = [];
  t.teardown(async () => {
    for (const child of running) await child.kill("SIGKILL");
    await temp.remove();
  });
  const stack: CliStack = {
    dir: temp.path,
    centralData,
    central: undefined as unknown as CliProcess,
    url: "",
    // Started again on the same port, so the kiosks' configs still point at it.
    async startCentral() {
      const port = stack.url === "" ? "0" : new URL(stack.url).port;
      const central = startCli(["central", "--data", centralData, "--port", port]);
      running.push(central);
      const listening = await central.waitForLog((line) => line.event === "listening");
      stack.central = central;
      stack.url = String(listening.url);
    },
    async token(deviceId) {
      const issued = await runCli([
        "central",
        "token",
        "--data",
        centralData,
        "--device",
        deviceId,
        "--store",
        "store-a",
      ]);
      return parseIssued(issued).token;
    },
    async kioskConfig(name, deviceId, fields = {}, centralUrl = stack.url) {
      const path = join(temp.path, `${name}.json`);
      const dataDir = join(temp.path, name);
      await writeFile(
        path,
        JSON.stringify({
          dataDir,
          device: { id: deviceId, storeId: "store-a", storeName: "台北信義店" },
          central: {
            url: centralUrl,
            token: await stack.token(deviceId),
            timeoutMs: 3000,
            syncIntervalMs: 300,
          },
          // No debounce: tests scan one code several times on purpose.
          scanner: { kind: "keyboard", debounceMs: 0 },
          printer: { kind: "file", dir: join(dataDir, "slips"), paperWidthMm: 58 },
          feedback: { kind: "none" },
          ui: { kind: "none", confirm: "auto" },
          ...fields,
        }),
      );
      return path;
    },
  };
  await stack.startCentral();
  return stack;
}

/** Starts `ticket-kiosk run`, killed at the end of the test if still running. */
export function runKiosk(t: ExecutionContext, config: string, env: NodeJS.ProcessEnv = {}): CliProcess {
  const kiosk = startCli(["run", "--config", config], env);
  t.teardown(() => kiosk.kill("SIGKILL"));
  return kiosk;
}

/** Scans `code` on a kiosk's stdin and waits for the decision it leads to; returns the redemption id. */
export async function scanAndDecide(kiosk: CliProcess, code: string): Promise<string> {
  const before = kiosk.logs.filter((line) => line.event === "decision").length;
  kiosk.child.stdin?.write(`${code}\n`);
  // waitForLog looks at each line once, in order: the decision after the `before` earlier ones.
  let seen = 0;
  const decision = await kiosk.waitForLog((line) => line.event === "decision" && ++seen > before);
  return String(decision.id);
}
