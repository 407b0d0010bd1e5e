/**
 * What an integrity check of a LevelDB store can find, shared by the kiosk's journal
 * (journalIntegrity.ts) and the central service's store (central/centralIntegrity.ts), and how it
 * is said. docs/reliability.md, "Corruption", explains what each finding means and what is done.
 *
 * LevelDB protects its own files with CRCs, but what it does on a mismatch is the problem: while
 * recovering its write-ahead log it skips the bad record and the rest of its 32 KiB block, noting
 * this only in its own `LOG` file ("… dropping N bytes; Corruption: checksum mismatch"), and
 * classic-level exposes neither `paranoid_checks` (which would fail the open instead) nor
 * `verify_checksums` for reads (node_modules/classic-level/binding.cc reads only the options in
 * its README). So the application reads that `LOG` after every open, and checks its own records:
 * a sequence with no gaps and, in the journal, a check over each record.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Writable } from "node:stream";

export type IntegrityFinding =
  /** LevelDB's `LOG` says it dropped part of its write-ahead log while opening: records are gone. */
  | { readonly kind: "dropped_by_leveldb"; readonly detail: string }
  /** A scan or read failed inside LevelDB (a damaged table file). */
  | { readonly kind: "unreadable"; readonly detail: string }
  /** A record that does not parse, fails its check, or does not match the key it is stored under. */
  | { readonly kind: "bad_record"; readonly key: string; readonly detail: string }
  /** Sequence numbers with no record: written once, gone now. */
  | { readonly kind: "missing"; readonly from: number; readonly to: number }
  /** An index entry naming a record that is not there. */
  | { readonly kind: "dangling"; readonly index: string; readonly key: string };

/** Damage found, kept in the store itself: LevelDB's `LOG` is replaced at the next open. */
export interface DamageReport {
  readonly detectedAt: string;
  readonly findings: readonly IntegrityFinding[];
}

export function describeFinding(finding: IntegrityFinding): string {
  switch (finding.kind) {
    case "dropped_by_leveldb":
      return `LevelDB dropped part of its log while opening (the records in it are lost): ${finding.detail}`;
    case "unreadable":
      return `a stored file cannot be read: ${finding.detail}`;
    case "bad_record":
      return `record ${finding.key} is damaged: ${finding.detail}`;
    case "missing":
      return finding.from === finding.to
        ? `sequence number ${finding.from} has no record`
        : `sequence numbers ${finding.from} to ${finding.to} have no record`;
    case "dangling":
      return `the ${finding.index} index names ${finding.key}, which is not stored`;
  }
}

/** A report in sentences, for `GET /status`, the log and the verify commands. */
export interface DamageSummary {
  readonly detectedAt: string;
  readonly findings: readonly string[];
}

export function damageSummary(report: DamageReport | undefined): DamageSummary | null {
  if (report === undefined) return null;
  return { detectedAt: report.detectedAt, findings: report.findings.map(describeFinding) };
}

/** The verify commands' output and exit status (0 intact, 1 damaged), of `journal verify` and `central verify`. */
export function writeVerdict(
  what: string,
  damage: DamageSummary | null,
  io: { readonly stdout: Writable },
): number {
  if (damage === null) {
    io.stdout.write(`${what}: intact\n`);
    return 0;
  }
  io.stdout.write(`${what}: DAMAGED (found ${damage.detectedAt})\n`);
  for (const finding of damage.findings) io.stdout.write(`- ${finding}\n`);
  io.stdout.write("what is lost is listed above; docs/reliability.md says how to restore\n");
  return 1;
}

/** LevelDB's complaints in the `LOG` it wrote while opening the store at `location`. */
async function levelDbComplaints(location: string): Promise<IntegrityFinding[]> {
  let log: string;
  try {
    log = await readFile(join(location, "LOG"), "utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return [];
    throw error;
  }
  return log
    .split("\n")
    .filter((line) => /dropping \d+ bytes|corruption/i.test(line))
    .map((line) => ({ kind: "dropped_by_leveldb", detail: line.replace(/^\S+\s+\S+\s+/, "").trim() }));
}

/** Runs a scan; a LevelDB error inside it becomes an `unreadable` finding instead of a crash. */
export async function scanning(
  findings: IntegrityFinding[],
  what: string,
  scan: () => Promise<void>,
): Promise<void> {
  try {
    await scan();
  } catch (error) {
    findings.push({ kind: "unreadable", detail: `${what}: ${(error as Error).message}` });
  }
}

/** Adds `missing` findings for the numbers in 1..`last` absent from `present`. */
export function sequenceGaps(present: ReadonlySet<number>, last: number): IntegrityFinding[] {
  const gaps: IntegrityFinding[] = [];
  let from: number | undefined;
  for (let seq = 1; seq <= last + 1; seq += 1) {
    const missing = seq <= last && !present.has(seq);
    if (missing && from === undefined) from = seq;
    if (!missing && from !== undefined) {
      gaps.push({ kind: "missing", from, to: seq - 1 });
      from = undefined;
    }
  }
  return gaps;
}

/** A record as stored with its check as the last property. */
export type Sealed<T extends object> = T & { readonly check: string };

function checkOf(record: object): string {
  return createHash("sha256").update(JSON.stringify(record)).digest("hex").slice(0, 16);
}

/**
 * A record with its own check, so a changed byte that still parses (a flipped bit in a table file
 * is read back without LevelDB's block CRC: classic-level does not verify checksums on reads)
 * is caught: 64 bits of SHA-256, cheap beside the fsync of every write.
 */
export function sealRecord<T extends object>(record: T): Sealed<T> {
  return { ...record, check: checkOf(record) };
}

/**
 * The record, or why it cannot be trusted. JSON keeps the order of properties, so the record
 * without its check serialises to exactly what was hashed.
 */
export function unsealRecord<T extends object>(stored: unknown): T | string {
  if (typeof stored !== "object" || stored === null) return "not an object";
  const { check, ...record } = stored as { check?: unknown };
  if (typeof check !== "string") return "no check";
  if (checkOf(record) !== check) return "check does not match";
  return record as T;
}

/**
 * A LevelDB value encoding that seals on write and checks on read: a record that fails its check
 * throws instead of being returned (docs/reliability.md, "Corruption").
 */
export function sealedJson<T extends object>() {
  return {
    name: "sealed-json",
    format: "utf8",
    encode: (record: T): string => JSON.stringify(sealRecord(record)),
    decode: (text: string): T => {
      const record = unsealRecord<T>(JSON.parse(text));
      if (typeof record === "string") throw new Error(`a stored record is damaged: ${record}`);
      return record;
    },
  } as const;
}

/** Where a store keeps its damage report: its `meta` sublevel. */
export interface DamageShelf {
  get(key: "damage"): Promise<unknown>;
  put(key: "damage", value: DamageReport, options: { sync: boolean }): Promise<void>;
}

/**
 * The check after an open, shared by both stores: LevelDB's `LOG` and the store's own `verify`;
 * new damage is added to the report kept in the store, durably, before anything else is written.
 */
export async function checkStore(
  location: string,
  shelf: DamageShelf,
  verify: () => Promise<IntegrityFinding[]>,
  now: Date,
): Promise<DamageReport | undefined> {
  const found = [...(await levelDbComplaints(location)), ...(await verify())];
  const before = (await shelf.get("damage")) as DamageReport | undefined;
  const after = mergeDamage(before, found, now);
  if (after !== undefined && after !== before) await shelf.put("damage", after, { sync: true });
  return after;
}

/** The report after this open: what was kept from before, with anything new added once. */
function mergeDamage(
  before: DamageReport | undefined,
  found: readonly IntegrityFinding[],
  at: Date,
): DamageReport | undefined {
  const known = new Set((before?.findings ?? []).map((finding) => JSON.stringify(finding)));
  const added = found.filter((finding) => !known.has(JSON.stringify(finding)));
  if (added.length === 0) return before;
  return {
    detectedAt: before?.detectedAt ?? at.toISOString(),
    findings: [...(before?.findings ?? []), ...added],
  };
}
