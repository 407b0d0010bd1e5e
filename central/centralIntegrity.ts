/**
 * The central store's integrity check (docs/reliability.md, "Corruption"), run at every open and by
 * `ticket-kiosk central verify`. Redemption records are numbered in arrival order (`bySeq`, the
 * `seq` counter in `meta`), written in the commit that counts them, so the numbers have no gaps:
 * a gap, an entry of either index without its record, or a record that does not parse or does not match its
 * key or fails its check is damage, as is LevelDB's own report of log records it dropped
 * (device/storeIntegrity.ts).
 *
 * Redemption records are sealed with a check (`sealedJson`): a table file is compressed, and a bit
 * flipped in an id's first occurrence changes every later copy of it alike — the index entries,
 * the key and the record — so only the record's own check can tell.
 */
import { type IntegrityFinding, scanning, sequenceGaps, unsealRecord } from "../device/storeIntegrity.js";

/**
 * 1: before formats were recorded. 2: redemption records sealed with a check; the format and any
 * damage found kept in `meta`. 3: each store's ticket changes indexed by (store, rev).
 */
export const centralFormat = 3;

export interface CentralScan {
  /** [id, stored text] of every redemption record. */
  redemptions(): AsyncIterable<[string, string]>;
  /** [seq key, id] of the arrival index. */
  bySeq(): AsyncIterable<[string, string]>;
  /** [code + seq key, id] of the per-ticket index. */
  byTicket(): AsyncIterable<[string, string]>;
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
  await scanning(findings, "byTicket", async () => {
    for await (const [key, id] of scan.byTicket())
      if (!ids.has(id)) findings.push({ kind: "dangling", index: "byTicket", key: `${key} → ${id}` });
  });
  findings.push(...sequenceGaps(present, last));
  return findings;
}

function recordProblem(id: string, text: string): string | undefined {
  let record: { redemption?: { id?: unknown } } | string;
  try {
    record = unsealRecord(JSON.parse(text));
  } catch {
    return "not JSON";
  }
  if (typeof record === "string") return record;
  return record.redemption?.id === id ? undefined : "id does not match its key";
}
