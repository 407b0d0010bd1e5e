/**
 * PIN verifiers sealed for one kiosk (issue 12, defect 1; docs/security.md). A clerk's scrypt hash
 * is all a PIN of 4 to 12 digits needs to be found offline, so it never travels or rests in clear:
 * the central service seals each clerk's hash under the PIN key it made with the device's token
 * (`ticket-kiosk central token`), and the kiosk opens it only when a clerk logs in, with the key
 * it keeps 0600 in its data folder (`central.pinKeyFile`). A bearer token, or a journal, copied
 * without that key holds nothing a PIN can be searched against.
 *
 * AES-256-GCM (https://nodejs.org/api/crypto.html#class-cipher): a fresh 12-byte IV per seal; the
 * clerk's id is bound in as associated data, so a verifier moved onto another clerk does not open
 * (one clerk's PIN cannot be made to log in as another). Format: `gcm1.<iv>.<ciphertext>.<tag>`,
 * base64url, so the scheme can change later without breaking what is stored.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const scheme = "gcm1";
const keyPrefix = "ckp_";
const keyBytes = 32;
const ivBytes = 12;
const tagBytes = 16;

export function newPinKey(): string {
  return `${keyPrefix}${randomBytes(keyBytes).toString("base64url")}`;
}

/** The key's 32 bytes, or undefined for text that is not a PIN key (`ckp_` + 32 bytes base64url). */
export function parsePinKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith(keyPrefix)) return undefined;
  const key = Buffer.from(trimmed.slice(keyPrefix.length), "base64url");
  return key.length === keyBytes ? key : undefined;
}

const associated = (clerkId: string) => Buffer.from(`ticket-kiosk clerk ${clerkId}`, "utf8");

export function sealVerifier(key: Buffer, clerkId: string, pinHash: string): string {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(associated(clerkId));
  const sealed = Buffer.concat([cipher.update(pinHash, "utf8"), cipher.final()]);
  const parts = [iv, sealed, cipher.getAuthTag()].map((part) => part.toString("base64url"));
  return [scheme, ...parts].join(".");
}

/** The hash, or undefined when the key is not the one it was sealed with, or the text is damaged. */
export function openVerifier(key: Buffer, clerkId: string, verifier: string): string | undefined {
  // String(): a journal written before sealed verifiers holds clerks with none.
  const [label, iv, sealed, tag] = String(verifier).split(".");
  if (label !== scheme || iv === undefined || sealed === undefined || tag === undefined) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), {
      authTagLength: tagBytes,
    })
      .setAAD(associated(clerkId))
      .setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(sealed, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    return undefined; // the tag does not match: another key, or bytes changed
  }
}
