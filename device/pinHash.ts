/**
 * Clerk PINs are stored only as a salted scrypt hash (docs/domain.md §1, docs/reliability.md promise 7). A PIN has
 * few digits, so the hash must be slow: scrypt with N = 2^14 costs about 16 MB and tens of ms.
 * Format: `scrypt$N$r$p$<salt base64>$<hash base64>`, so the cost can be raised later without
 * breaking hashes already stored.
 */
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

const cost = { N: 16_384, r: 8, p: 1 } as const;
const keyBytes = 32;

function derive(pin: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, keyBytes, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

/** `scryptCost` is raised for secrets with more at stake (central/console/passwordHash.ts). */
export async function hashPin(
  pin: string,
  scryptCost: { readonly N: number; readonly r: number; readonly p: number } = cost,
): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(pin, salt, scryptCost);
  const { N, r, p } = scryptCost;
  return ["scrypt", N, r, p, salt.toString("base64"), key.toString("base64")].join("$");
}

/** False for a wrong PIN and for a hash this code cannot read (never throws on stored data). */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || salt === undefined || key === undefined) return false;
  const expected = Buffer.from(key, "base64");
  try {
    const actual = await derive(pin, Buffer.from(salt, "base64"), {
      N: Number(n),
      r: Number(r),
      p: Number(p),
    });
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  } catch {
    return false; // cost parameters scrypt refuses: a damaged hash matches no PIN
  }
}
