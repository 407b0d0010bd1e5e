/**
 * A kiosk's PIN key where the kiosk looks for it by default, as an installer leaves it
 * (device/pinKeyFile.ts): `pin.key` in the data folder, mode 0600.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

export async function installPinKey(dataDir: string, pinKey: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, "pin.key"), `${pinKey}\n`, { mode: 0o600 });
}

/** `ticket-kiosk central token` prints the token, then the PIN key, one a line. */
export function parseIssued(stdout: string): { token: string; pinKey: string } {
  const [token = "", pinKey = ""] = stdout.trim().split("\n");
  return { token, pinKey };
}
