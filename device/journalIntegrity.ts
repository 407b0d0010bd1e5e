/**
 * The journal's own integrity check (docs/reliability.md, "Corruption"): each stored entry carries
 * a check (`sealRecord`: the first 64 bits of the SHA-256 of its JSON), and entries are numbered by the device
 * sequence, which has no gaps: `recordIntent` takes `nextSeq()` and writes the entry, its `order`
 * key and the counter in one batch.
 *
 * Why a check per record and a sequence, not a hash chain: entries are rewritten in place as they
 * are decided and synced, so a chain over them would have to be rewritten too; a check per record
 * says which record is bad, and the sequence says which records are missing. What neither can see
 * is the tail: a lost last batch takes its counter with it. That case is LevelDB's own recovery
 * dropping the end of its log, and its `LOG` says so (storeIntegrity.ts); the central service's
 * copy of this device's redemptions is the other witness (`journal import`).
 */
import type { JournalEntry } from "./journal.js";
import {
  type IntegrityFinding,
  type Sealed,
  scanning,
  sealRecord,
  sequenceGaps,
  unsealRecord,
} from "./storeIntegrity.js";

/** An entry as stored from format 2 on: the entry with its check as the last property. */
export type SealedEntry = Sealed<JournalEntry>;

export const seal = (entry: JournalEntry): SealedEntry => sealRecord(entry);

/** The entry, or why it cannot be trusted. */
export function unseal(stored: unknown): JournalEntry | string {
  const entry = unsealRecord<JournalEntry>(stored);
  if (typeof entry === "string") return entry;
  if (typeof entry.redemption?.seq !== "number") return "no sequence number";
  return entry;
}

/** A thrown error for a damaged entry met outside the check at open (a read in service). */
export class JournalDamageError extends Error {
  override readonly name = "JournalDamageError";
}

/** What the check at open reads: raw text, so one bad value is one finding, not a failed scan. */
export interface JournalScan {
  /** [id, stored text] of every entry. */
  entries(): AsyncIterable<[string, string]>;
  /** [seq key, id] of the `order` index. */
  order(): AsyncIterable<[string, string]>;
  /** [seq key, id] of the `open` index. */
  open(): AsyncIterable<[string, string]>;
  /** The highest seq the `meta` counter has recorded. */
  counter(): number;
}

export async function verifyJournal(scan: JournalScan): Promise<IntegrityFinding[]> {
  const findings: IntegrityFinding[] = [];
  const idBySeq = new Map<number, string>();
  let last = scan.counter();
  await scanning(findings, "entries", async () => {
    for await (const [id, text] of scan.entries()) {
      const entry = parsed(text);
      const problem =
        typeof entry === "string"
          ? entry
          : entry.redemption.id !== id
            ? "id does not match its key"
            : undefined;
      if (problem !== undefined || typeof entry === "string") {
        findings.push({ kind: "bad_record", key: `entries/${id}`, detail: problem ?? "unreadable" });
        continue;
      }
      idBySeq.set(entry.redemption.seq, id);
      last = Math.max(last, entry.redemption.seq);
    }
  });
  await scanning(findings, "order", async () => {
    for await (const [key, id] of scan.order()) {
      last = Math.max(last, Number(key));
      if (idBySeq.get(Number(key)) !== id)
        findings.push({ kind: "dangling", index: "order", key: `${Number(key)} → ${id}` });
    }
  });
  await scanning(findings, "open", async () => {
    const ids = new Set(idBySeq.values());
    for await (const [, id] of scan.open())
      if (!ids.has(id)) findings.push({ kind: "dangling", index: "open", key: id });
  });
  findings.push(...sequenceGaps(new Set(idBySeq.keys()), last));
  return findings;
}

function parsed(text: string): JournalEntry | string {
  try {
    return unseal(JSON.parse(text));
  } catch {
    return "not JSON";
  }
}
