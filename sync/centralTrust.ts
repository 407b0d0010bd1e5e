/**
 * Which certificates the kiosk trusts for the central service (docs/security.md, "Transport").
 * Without `central.caFile` the public CAs Node carries (Mozilla's list), for a central service
 * behind a reverse proxy with a public certificate; with it, only the CA in that PEM file (a private CA made for the
 * chain, docs/deploy.md), which then also keeps out any certificate a public CA issued; without it,
 * the CA pairing wrote (device/pairingFiles.ts), if it wrote one.
 */
import { Agent, type Dispatcher } from "undici";
import type { Config } from "../device/config.js";
import { readCentralCa } from "./centralCa.js";

export async function centralDispatcher(
  config: Pick<Config, "dataDir" | "central">,
): Promise<Dispatcher | undefined> {
  const ca = await readCentralCa(config);
  return ca === undefined ? undefined : new Agent({ connect: { ca } });
}

/** Node's codes for a certificate the kiosk does not trust, with what to do about each. */
const certificateFaults: Readonly<Record<string, string>> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "signed by a CA this kiosk does not trust: set central.caFile",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "signed by a CA this kiosk does not trust: set central.caFile",
  SELF_SIGNED_CERT_IN_CHAIN: "signed by a CA this kiosk does not trust: set central.caFile",
  DEPTH_ZERO_SELF_SIGNED_CERT: "self-signed: make it with a CA and set central.caFile to that CA",
  CERT_HAS_EXPIRED: "expired (or this kiosk's clock is wrong)",
  CERT_NOT_YET_VALID: "not yet valid (or this kiosk's clock is wrong)",
  ERR_TLS_CERT_ALTNAME_INVALID: "not made for the host in central.url",
};

/** A sentence for a TLS failure to verify the central service, or undefined for any other error. */
export function certificateFault(code: string | undefined): string | undefined {
  const fault = code === undefined ? undefined : certificateFaults[code];
  return fault === undefined ? undefined : `TLS: the central service's certificate is ${fault} (${code})`;
}
