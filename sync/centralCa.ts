/**
 * The CA file of `central.caFile` (docs/security.md, "Transport"), read without loading the HTTP
 * client, so a kiosk finds an unreadable file at start even though its client loads later.
 */
import { readFile } from "node:fs/promises";
import { type Config, ConfigError } from "../device/config.js";

/** The PEM text of `central.caFile`, undefined without one; a ConfigError when it cannot be read. */
export async function readCentralCa(central: Pick<Config["central"], "caFile">): Promise<string | undefined> {
  if (central.caFile === undefined) return undefined;
  try {
    return await readFile(central.caFile, "utf8");
  } catch (error) {
    throw new ConfigError(central.caFile, [
      { path: "central.caFile", message: `cannot be read: ${(error as Error).message}` },
    ]);
  }
}
