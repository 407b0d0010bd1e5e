/**
 * The device token, from the config itself or from `central.tokenFile` (what an installer writes,
 * readable only by the kiosk's user). Read on demand, so a replaced file takes effect after a 401.
 */
import { readFile } from "node:fs/promises";
import type { Config } from "../device/config.js";

export async function readDeviceToken(central: Config["central"]): Promise<string> {
  if (central.token !== undefined) return central.token;
  const token = (await readFile(central.tokenFile ?? "", "utf8")).trim();
  if (token === "") throw new Error(`${central.tokenFile} is empty`);
  return token;
}
