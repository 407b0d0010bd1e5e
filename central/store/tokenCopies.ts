/**
 * A central process's copies of the device tokens its uploads were let in on
 * (pgLedgerStore.ts `findUploadToken`), by the token's sha256 as the store keeps them, never the
 * token. Only a live device token is kept. Each upload's step reads its token again and keeps what
 * it read, so a copy that a revoke or a move through another process made stale lets in one
 * request, whose step then refuses it (ledger.ts `TokenChangedError`); a revoke or a move through
 * this process drops every copy at once. Bounded by a chain's kiosks: cleared when full.
 */
import type { TokenRecord } from "./ledgerStore.js";
import { tokenKey } from "./tokenSecrets.js";

const maxCopies = 10_000;

export class TokenCopies {
  private readonly copies = new Map<string, TokenRecord>();

  get(token: string): TokenRecord | undefined {
    return this.copies.get(tokenKey(token));
  }

  /** Keeps `record` as the token's copy when it is a live device token's, and forgets the token otherwise. */
  keep(token: string, record: TokenRecord | undefined): void {
    const key = tokenKey(token);
    if (record === undefined || record.revoked || record.kind !== "device") {
      this.copies.delete(key);
      return;
    }
    if (this.copies.size >= maxCopies) this.copies.clear();
    this.copies.set(key, record);
  }

  clear(): void {
    this.copies.clear();
  }
}
