/**
 * A central's dump (dumpRecord.ts) out of and into the PostgreSQL store's tables (migrations/*.sql):
 * each kind read a batch at a time by its key, in the order a dump holds it, and loaded with one
 * statement per kind and batch.
 */
import type pg from "pg";
import { isException } from "../judgeUpload.js";
import { type DumpRecord, dumpBatchSize } from "./dumpRecord.js";

interface DumpRow {
  readonly key: string;
  readonly record: never;
  readonly body_sha256?: string;
}

/** One kind of record as a keyed page: rows after `key`, in key order (bytes, like LevelDB's). */
interface DumpSource {
  readonly sql: string;
  readonly first: string | number;
  readonly record: (row: DumpRow) => DumpRecord;
}

/** Ids sort by their bytes, as LevelDB orders its keys, whatever the database's collation. */
const byText = (key: string, record: string, table: string): string =>
  `SELECT ${key} AS key, ${record} AS record FROM ${table} WHERE ${key} > $1 COLLATE "C"
   ORDER BY ${key} COLLATE "C" LIMIT $2`;

export const dumpSources: readonly DumpSource[] = [
  {
    sql: byText("id", "record", "stores"),
    first: "",
    record: (row) => ({ kind: "store", record: row.record }),
  },
  {
    sql: byText("id", "record", "clerks"),
    first: "",
    record: (row) => ({ kind: "clerk", record: row.record }),
  },
  {
    sql: byText("order_number", "record", "orders"),
    first: "",
    record: (row) => ({ kind: "order", record: row.record }),
  },
  {
    // The ticket as the kiosks get it: its fields, its units in all and its time.
    sql: `SELECT rev AS key, jsonb_build_object(
            'ticket', fields || jsonb_build_object(
              'redeemedUnits', imported_units + accepted_units + conflict_units, 'updatedAt', updated_at),
            'importedUnits', imported_units, 'rev', rev) AS record
          FROM tickets WHERE rev > $1 ORDER BY rev LIMIT $2`,
    first: 0,
    record: (row) => ({ kind: "ticket", record: row.record }),
  },
  {
    sql: "SELECT seq AS key, body_sha256, record FROM redemptions WHERE seq > $1 ORDER BY seq LIMIT $2",
    first: 0,
    record: (row) => ({
      kind: "redemption",
      seq: Number(row.key),
      bodySha256: row.body_sha256 ?? "",
      record: row.record,
    }),
  },
  {
    sql: byText("id", "record", "tombstones"),
    first: "",
    record: (row) => ({ kind: "tombstone", record: row.record }),
  },
  {
    // A device token's PIN key lives in its own column (002_token_pin_keys.sql); the dump keeps it
    // in the record, as LevelDB does.
    sql: byText(
      "token_sha256",
      `record || CASE WHEN pin_key IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('pinKey', pin_key) END`,
      "tokens",
    ),
    first: "",
    record: (row) => ({ kind: "token", sha256: row.key, record: row.record }),
  },
  {
    sql: byText("device_id", "record", "heartbeats"),
    first: "",
    record: (row) => ({ kind: "heartbeat", record: row.record }),
  },
];

/** One source's records in batches, on the dump's transaction. */
export async function* pagedDump(client: pg.PoolClient, source: DumpSource): AsyncGenerator<DumpRecord[]> {
  let after = source.first;
  for (;;) {
    const { rows } = await client.query<DumpRow>(source.sql, [after, dumpBatchSize]);
    if (rows.length === 0) return;
    yield rows.map(source.record);
    after = rows[rows.length - 1]?.key ?? after;
    if (rows.length < dumpBatchSize) return;
  }
}

/** The records of one kind in a batch, as the values of one statement. */
function ofKind<K extends DumpRecord["kind"]>(
  batch: readonly DumpRecord[],
  kind: K,
): Extract<DumpRecord, { kind: K }>[] {
  return batch.filter((entry): entry is Extract<DumpRecord, { kind: K }> => entry.kind === kind);
}

/** Rows as one jsonb array, unpacked by `jsonb_to_recordset` into typed columns. */
async function insertRows(client: pg.PoolClient, sql: string, rows: readonly object[]): Promise<void> {
  if (rows.length > 0) await client.query(sql, [JSON.stringify(rows)]);
}

/**
 * Loads one batch of a dump. A ticket's kiosk units go in as conflict units (which no CHECK bounds)
 * until `splitKioskUnits` has the redemptions to tell accepted from conflict.
 */
export async function loadBatch(client: pg.PoolClient, batch: readonly DumpRecord[]): Promise<void> {
  for (const counters of ofKind(batch, "counters")) {
    // Sequences are not transactional: set now, they stay set even if the load rolls back, which
    // only leaves the next numbers higher (007_change_numbers.sql).
    await client.query(
      "SELECT setval('ticket_revs', $1), setval('redemption_seqs', $2), setval('change_clock_ms', $3)",
      [counters.rev, counters.seq, counters.changedAtMs],
    );
  }
  const keyed = <R>(entries: readonly { readonly record: R }[], key: (record: R) => string) =>
    entries.map((entry) => ({ key: key(entry.record), record: entry.record }));
  const records = (table: string, column: string) =>
    `INSERT INTO ${table} (${column}, record) SELECT key, record FROM jsonb_to_recordset($1::jsonb) AS x(key text, record jsonb)`;
  await insertRows(
    client,
    records("stores", "id"),
    keyed(ofKind(batch, "store"), (store) => store.id),
  );
  const clerks = keyed(ofKind(batch, "clerk"), (clerk) => clerk.id);
  await insertRows(client, records("clerks", "id"), clerks);
  await insertRows(
    client,
    `INSERT INTO clerk_stores (store_id, clerk_id)
     SELECT s, key FROM jsonb_to_recordset($1::jsonb) AS x(key text, record jsonb),
       jsonb_array_elements_text(record -> 'storeIds') AS s`,
    clerks,
  );
  await insertRows(
    client,
    records("orders", "order_number"),
    keyed(ofKind(batch, "order"), (order) => order.orderNumber),
  );
  await loadTickets(client, ofKind(batch, "ticket"));
  await insertRows(
    client,
    `INSERT INTO redemptions (id, body_sha256, seq, ticket_code, store_id, device_id, received_at, exception, record)
     SELECT record -> 'redemption' ->> 'id', body_sha256, seq, record -> 'redemption' ->> 'ticketCode',
       record -> 'redemption' ->> 'storeId', record -> 'redemption' ->> 'deviceId',
       (record ->> 'receivedAt')::timestamptz, exception, record
     FROM jsonb_to_recordset($1::jsonb) AS x(body_sha256 text, seq bigint, exception boolean, record jsonb)`,
    ofKind(batch, "redemption").map((entry) => ({
      body_sha256: entry.bodySha256,
      seq: entry.seq,
      exception: isException(entry.record),
      record: entry.record,
    })),
  );
  await insertRows(
    client,
    records("tombstones", "id"),
    keyed(ofKind(batch, "tombstone"), (tombstone) => tombstone.id),
  );
  await insertRows(
    client,
    `INSERT INTO tokens (token_sha256, kind, device_id, revoked, record, pin_key)
     SELECT sha256, record ->> 'kind', record ->> 'deviceId', (record ->> 'revoked')::boolean,
       record - 'pinKey', record ->> 'pinKey'
     FROM jsonb_to_recordset($1::jsonb) AS x(sha256 text, record jsonb)`,
    ofKind(batch, "token").map(({ sha256, record }) => ({ sha256, record })),
  );
  await insertRows(
    client,
    records("heartbeats", "device_id"),
    keyed(ofKind(batch, "heartbeat"), (beat) => beat.deviceId),
  );
}

async function loadTickets(
  client: pg.PoolClient,
  tickets: readonly Extract<DumpRecord, { kind: "ticket" }>[],
): Promise<void> {
  const rows = tickets.map(({ record: { ticket, importedUnits, rev } }) => {
    const { redeemedUnits, updatedAt, ...fields } = ticket;
    return { fields, importedUnits, kioskUnits: redeemedUnits - importedUnits, rev, updatedAt };
  });
  await insertRows(
    client,
    `INSERT INTO tickets (code, fields, store_ids, total_units, imported_units, conflict_units, rev, updated_at)
     SELECT fields ->> 'code', fields,
       CASE WHEN fields ? 'storeIds' THEN ARRAY(SELECT jsonb_array_elements_text(fields -> 'storeIds')) END,
       (fields ->> 'totalUnits')::int, "importedUnits", "kioskUnits", rev, "updatedAt"
     FROM jsonb_to_recordset($1::jsonb)
       AS x(fields jsonb, "importedUnits" int, "kioskUnits" int, rev bigint, "updatedAt" text)`,
    rows,
  );
  await insertRows(
    client,
    `INSERT INTO ticket_stores (store_id, code, rev)
     SELECT s, fields ->> 'code', rev FROM jsonb_to_recordset($1::jsonb) AS x(fields jsonb, rev bigint),
       jsonb_array_elements_text(COALESCE(fields -> 'storeIds', '[""]'::jsonb)) AS s`,
    rows,
  );
}

/**
 * Once every record is in: each ticket's kiosk units split into those its standing accepted
 * records hold (bounded by the total, as online takes are) and the rest, counted as conflicts.
 */
export async function splitKioskUnits(client: pg.PoolClient): Promise<void> {
  await client.query(
    `UPDATE tickets t SET accepted_units = LEAST(u.accepted, t.conflict_units),
       conflict_units = t.conflict_units - LEAST(u.accepted, t.conflict_units)
     FROM (SELECT ticket_code, sum((record -> 'redemption' ->> 'quantity')::int) AS accepted
           FROM redemptions WHERE record ->> 'status' = 'accepted' AND NOT record ? 'voided'
           GROUP BY ticket_code) u
     WHERE t.code = u.ticket_code`,
  );
}
