/**
 * The CA the kiosk trusts for the central service (`central.caFile`, else the one pairing wrote:
 * centralTrust.ts), read without loading the HTTP client, so a kiosk finds an unreadable file at
 * start even though its client loads after the ready line (device/lazyCentralApi.ts).
 */
import { readFile } from "node:fs/promises";
import { type Config, ConfigError } from "../device/config.js";
import { trustedCaFileOf } from "../device/pairingFiles.js";

/** The PEM text of the trusted CA file, undefined without one; a ConfigError when it cannot be read. */
export async function readCentralCa(
  config: Pick<Config, "dataDir" | "central">,
): Promise<string | undefined> {
  const caFile = await trustedCaFileOf(config);
  if (caFile === undefined) return undefined;
  try {
    return await readFile(caFile, "utf8");
  } catch (error) {
    throw new ConfigError(caFile, [
      { path: "central.caFile", message: `cannot be read: ${(error as Error).message}` },
    ]);
  }
}
