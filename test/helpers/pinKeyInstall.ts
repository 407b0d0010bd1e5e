/**
 * A kiosk's PIN key where the kiosk looks for it by default, as an installer leaves it
 * (device/pinKeyFile.ts): `pin.key` in the data folder, mode 0600.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pinKeyLabel } from "../../central/centralCli.js";

export async function installPinKey(dataDir: string, pinKey: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, "pin.key"), `${pinKey}\n`, { mode: 0o600 });
}

/** `ticket-kiosk central token` prints the token alone on stdout and its PIN key on stderr. */
export function parseIssued(run: { stdout: string; stderr: string }): { token: string; pinKey: string } {
  const pinKey = run.stderr.split("\n").find((line) => line.startsWith(pinKeyLabel));
  return { token: run.stdout.trim(), pinKey: pinKey?.slice(pinKeyLabel.length).trim() ?? "" };
}
