/**
 * The central store's integrity check (docs/reliability.md, "Corruption"), run at every open and by
 * `ticket-kiosk central verify`. Redemption records are numbered in arrival order (`bySeq`, the
 * `seq` counter in `meta`), written in the commit that counts them, so the numbers have no gaps:
 * a gap, an index entry without its record, or a record that does not parse or does not match its
 * key is damage, as is LevelDB's own report of log records it dropped (device/storeIntegrity.ts).
 * Records carry no check of their own yet: a flipped bit that still parses, in a table file, is
 * caught only when it breaks the block, the JSON, the key or the sequence.
 */
import { type IntegrityFinding, scanning, sequenceGaps } from "../device/storeIntegrity.js";

/** 1: before formats were recorded. 2: the format and any damage found kept in `meta`. */
export const centralFormat = 2;

export interface CentralScan {
  /** [id, stored text] of every redemption record. */
  redemptions(): AsyncIterable<[string, string]>;
  /** [seq key, id] of the arrival index. */
  bySeq(): AsyncIterable<[string, string]>;
  /** The last sequence number the counters recorded. */
  counter(): number;
}

export async function verifyCentral(scan: CentralScan): Promise<IntegrityFinding[]> {
  const findings: IntegrityFinding[] = [];
  const ids = new Set<string>();
  await scanning(findings, "redemptions", async () => {
    for await (const [id, text] of scan.redemptions()) {
      const problem = recordProblem(id, text);
      if (problem === undefined) ids.add(id);
      else findings.push({ kind: "bad_record", key: `redemptions/${id}`, detail: problem });
    }
  });
  const present = new Set<number>();
  let last = scan.counter();
  await scanning(findings, "bySeq", async () => {
    for await (const [key, id] of scan.bySeq()) {
      const seq = Number(key);
      last = Math.max(last, seq);
      if (ids.has(id)) present.add(seq);
      else findings.push({ kind: "dangling", index: "bySeq", key: `${seq} → ${id}` });
    }
  });
  findings.push(...sequenceGaps(present, last));
  return findings;
}

function recordProblem(id: string, text: string): string | undefined {
  try {
    const record = JSON.parse(text) as { redemption?: { id?: unknown } };
    return record.redemption?.id === id ? undefined : "id does not match its key";
  } catch {
    return "not JSON";
  }
}
