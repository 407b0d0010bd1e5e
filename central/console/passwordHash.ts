/**
 * Console passwords hashed with scrypt, node's built-in memory-hard function (RFC 7914), in the
 * format of the clerks' PIN hashes (device/pinHash.ts) but at N = 2^15, r = 8, p = 1: 32 MiB and
 * about 0.1 s per hash on a desktop core, the parameters OWASP's password storage cheat sheet gives
 * for scrypt (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#scrypt).
 * Memory-hard means a guessing rig pays in memory for every guess in flight, which is what makes
 * GPUs and ASICs no cheaper per guess than this server (docs/security.md, "Console"). The
 * parameters are stored with each hash, so raising them later leaves old hashes verifiable.
 * Passwords are NFC-normalised first: the same characters typed on another keyboard match.
 */
import { randomBytes } from "node:crypto";
import { hashPin, verifyPin } from "../../device/pinHash.js";

const cost = { N: 2 ** 15, r: 8, p: 1 } as const;

export const minPasswordLength = 10;

export function hashPassword(password: string): Promise<string> {
  return hashPin(password.normalize("NFC"), cost);
}

/** False for a wrong password and for a hash this code cannot read alike. */
export function verifyPassword(password: string, stored: string): Promise<boolean> {
  return verifyPin(password.normalize("NFC"), stored);
}

/**
 * A hash of no one's password, checked when the account does not exist, so an unknown name costs
 * the same time as a wrong password and the answer's timing tells nothing (docs/security.md).
 */
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString("hex"));
  return decoy;
}
let decoy: Promise<string> | undefined;
