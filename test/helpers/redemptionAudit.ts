/**
 * The end-of-test audit shared by the crash harness and the fault tests: compares what customers
 * were told (acknowledged ids), what the kiosk journals hold, and what the central service counted.
 */
import type { JournalEntry } from "../../device/journal.js";
import type { ServerRedemption } from "../../device/ports/wire.js";

export interface AuditInput {
  readonly acknowledged: Iterable<string>;
  /** Every journal entry of every kiosk involved. */
  readonly entries: readonly JournalEntry[];
  /** Every record the server holds for the tickets involved. */
  readonly records: readonly ServerRedemption[];
  /** Units each ticket shows at the server, minus what the import gave it. */
  readonly serverUnits: ReadonlyMap<string, number>;
}

export interface Audit {
  readonly acknowledged: number;
  readonly journalRedeemed: number;
  readonly serverRecords: number;
  /** Acknowledged but not `redeemed` in a journal. */
  readonly lost: readonly string[];
  /** Acknowledged but not counted at the server: `id (what the server and the journal hold of it)`. */
  readonly missing: readonly string[];
  /** Recorded at the server more than once. */
  readonly duplicates: readonly string[];
  /** Counted at the server but redeemed in no journal. */
  readonly phantoms: readonly string[];
  readonly unitMismatches: readonly string[];
  /** Journal entries still waiting for the server's verdict. */
  readonly unsynced: readonly string[];
}

export function audit(input: AuditInput): Audit {
  const acknowledged = new Set(input.acknowledged);
  const redeemed = new Map(
    input.entries.filter((e) => e.disposition === "redeemed").map((e) => [e.redemption.id, e]),
  );
  const counted = new Set(
    input.records
      .filter((r) => (r.status === "accepted" || r.status === "conflict") && r.voided === undefined)
      .map((r) => r.redemption.id),
  );
  const seen = new Map<string, number>();
  for (const record of input.records)
    seen.set(record.redemption.id, (seen.get(record.redemption.id) ?? 0) + 1);
  const journalUnits = new Map<string, number>();
  for (const entry of redeemed.values()) {
    const code = entry.redemption.ticketCode;
    journalUnits.set(code, (journalUnits.get(code) ?? 0) + entry.redemption.quantity);
  }
  return {
    acknowledged: acknowledged.size,
    journalRedeemed: redeemed.size,
    serverRecords: input.records.length,
    lost: [...acknowledged].filter((id) => !redeemed.has(id)),
    missing: [...acknowledged]
      .filter((id) => !counted.has(id))
      .map((id) => `${id} (${whereabouts(id, input)})`),
    duplicates: [...seen].filter(([, n]) => n > 1).map(([id]) => id),
    phantoms: [...counted].filter((id) => !redeemed.has(id)),
    unitMismatches: [...input.serverUnits]
      .filter(([code, units]) => units !== (journalUnits.get(code) ?? 0))
      .map(([code, units]) => `${code}: server ${units}, journals ${journalUnits.get(code) ?? 0}`),
    unsynced: input.entries.filter((e) => e.sync === "pending").map((e) => e.redemption.id),
  };
}

/** Reads what the server holds for some tickets, as a device of their store. */
export async function serverView(url: string, token: string, codes: readonly string[]) {
  const records: ServerRedemption[] = [];
  const serverUnits = new Map<string, number>();
  const auth = { headers: { authorization: `Bearer ${token}` } };
  for (const code of codes) {
    const list = (await (await fetch(`${url}/v1/redemptions?ticket=${code}`, auth)).json()) as {
      redemptions: ServerRedemption[];
    };
    records.push(...list.redemptions);
    const ticket = (await (await fetch(`${url}/v1/tickets/${code}`, auth)).json()) as {
      redeemedUnits: number;
    };
    serverUnits.set(code, ticket.redeemedUnits);
  }
  return { records, serverUnits };
}

/** What the server and the journals hold of one redemption, so a failed audit says where it went. */
function whereabouts(id: string, input: AuditInput): string {
  const records = input.records.filter((record) => record.redemption.id === id);
  const server =
    records.length === 0
      ? "no record at the server"
      : records
          .map(
            (r) =>
              `server ${r.status}${r.reason ? ` ${r.reason}` : ""}${r.voided ? ` voided (${r.voided.reason})` : ""}`,
          )
          .join(", ");
  const entries = input.entries.filter((entry) => entry.redemption.id === id);
  const journal = entries.map((entry) => `journal ${entry.disposition}, sync ${entry.sync}`).join(", ");
  return `${server}; ${journal || "in no journal"}`;
}
