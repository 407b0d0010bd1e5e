-- An upload's verdict recorded and its transaction committed in one round trip
-- (pgLedgerStore.ts `recordUpload`; docs/performance.md "Central service on PostgreSQL, third
-- round"). The statement that records it (its change numbers, the ticket's units, its feed rows,
-- the record) was sent with bound values, then `COMMIT` on its own: two round trips while the
-- ticket's row is held. As a function it goes with `COMMIT` in one simple query,
-- `SELECT * FROM record_upload(…); COMMIT`, and PL/pgSQL keeps its plan for the session.
--
-- Units are added to `accepted_units` or `conflict_units` (`counts_in`); online units only while
-- they last (`while_they_last`: the conditional update finds no row when they ran out, and the
-- caller makes that an error). No ticket row comes back when `delta` is 0 or there is no ticket.
CREATE FUNCTION record_upload(the_code text, delta integer, counts_in text, while_they_last boolean,
  now_ms bigint, redemption_id text, body_hash text, by_store text, by_device text,
  received timestamptz, is_exception boolean, the_record jsonb)
RETURNS TABLE (code text, fields jsonb, imported_units integer, accepted_units integer,
  conflict_units integer, rev bigint, updated_at text)
LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY
    WITH taken AS (
      SELECT n.first_rev AS new_rev, n.seq AS new_seq, n.at_ms
      FROM take_change_numbers(CASE WHEN delta = 0 THEN 0 ELSE 1 END, 1, now_ms) AS n
    ), changed AS (
      UPDATE tickets AS t SET
        accepted_units = t.accepted_units + CASE WHEN counts_in = 'accepted' THEN delta ELSE 0 END,
        conflict_units = t.conflict_units + CASE WHEN counts_in = 'conflict' THEN delta ELSE 0 END,
        rev = taken.new_rev,
        updated_at = to_char(to_timestamp(taken.at_ms / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
      FROM taken
      WHERE delta <> 0 AND t.code = the_code
        AND (NOT while_they_last OR t.imported_units + t.accepted_units + t.conflict_units + delta <= t.total_units)
      RETURNING t.code, t.fields, t.imported_units, t.accepted_units, t.conflict_units, t.rev, t.updated_at, t.store_ids
    ), feed AS (
      -- The feed rows by their key (store_id, code): a condition on the code alone scans them all.
      UPDATE ticket_stores AS s SET rev = changed.rev FROM changed
      WHERE s.store_id = ANY(COALESCE(changed.store_ids, ARRAY[''])) AND s.code = the_code
    ), recorded AS (
      INSERT INTO redemptions (id, body_sha256, seq, ticket_code, store_id, device_id, received_at, exception, record)
      SELECT redemption_id, body_hash, taken.new_seq, the_code, by_store, by_device, received, is_exception, the_record
      FROM taken
    )
    SELECT changed.code, changed.fields, changed.imported_units, changed.accepted_units,
      changed.conflict_units, changed.rev, changed.updated_at
    FROM taken LEFT JOIN changed ON true;
END
$$;
