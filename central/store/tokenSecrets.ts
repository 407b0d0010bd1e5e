/**
 * Bearer tokens as both stores make and keep them: 32 random bytes with a prefix saying what they
 * are for (`ctk_` a device, `cta_` an administrator), kept only as their sha256, so a copy of the
 * store gives nobody a working token.
 */
import { createHash, randomBytes } from "node:crypto";

export const tokenKey = (token: string): string => createHash("sha256").update(token).digest("hex");
export const newToken = (prefix: "ctk" | "cta"): string =>
  `${prefix}_${randomBytes(32).toString("base64url")}`;
