/**
 * The reference central service as an operator starts it: `central import` of the example
 * catalogue, `central token` for one kiosk, then `central --port 0` as a child process.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CliProcess, runCli, startCli } from "./cliProcess.js";
import { parseIssued } from "./pinKeyInstall.js";

export const exampleCatalogue = fileURLToPath(new URL("../../../examples/catalogue.json", import.meta.url));

export interface CliCentral {
  readonly process: CliProcess;
  readonly url: string;
  /** The device token issued for `deviceId` in `store-a`. */
  readonly token: string;
}

export async function startCliCentral(dir: string, deviceId: string): Promise<CliCentral> {
  const data = join(dir, "central");
  const imported = await runCli(["central", "import", "--data", data, exampleCatalogue]);
  if (imported.code !== 0) throw new Error(`central import failed: ${imported.stderr}`);
  const { token } = await cliToken(["--data", data], deviceId);
  const central = startCli(["central", "--data", data, "--port", "0"]);
  const listening = await central.waitForLog((line) => line.event === "listening");
  return { process: central, url: String(listening.url), token };
}

/** `central token STORE --device ID --store STORE_ID` run to completion: the token and PIN key it printed. */
export async function cliToken(
  store: readonly string[],
  deviceId: string,
  storeId = "store-a",
): Promise<{ token: string; pinKey: string }> {
  const issued = await runCli(["central", "token", ...store, "--device", deviceId, "--store", storeId]);
  if (issued.code !== 0) throw new Error(`central token failed: ${issued.stderr}`);
  return parseIssued(issued);
}
