-- Change numbers without a row every writer waits on (docs/central.md "Change numbers";
-- docs/performance.md "Central service on PostgreSQL: numbers off the counters row").
--
-- Before: the `counters` row handed out ticket revs, arrival numbers and change times, and each
-- transaction held its row lock from its update to its commit, so numbers came in commit order but
-- every redemption's commit waited for the previous one's WAL flush. Now:
--
-- * The numbers are in sequences, which are not transactional: a number handed out is handed out
--   at once, for good, and nobody waits for the transaction that took it to end. Numbers are
--   therefore handed out in the order transactions take them, no longer in commit order: rev 11
--   may commit before rev 10.
-- * `take_change_numbers` hands them out under `numbering`, a session advisory lock held only for
--   the call (microseconds, never across a commit): so an import's revs are consecutive, and each
--   change's time is strictly after the one before in rev order (central/feedCursor.ts relies on
--   revs and times rising together).
-- * Before a transaction's numbers exist, the call announces them as in flight: a
--   transaction-scoped advisory lock in class `rev_in_flight` (its first rev) and `seq_in_flight`
--   (its arrival number), which PostgreSQL releases only after the transaction's commit (or
--   rollback) is visible to every new snapshot.
-- * A reader of a feed (a store's tickets by rev, records by arrival number) asks `feed_horizon`
--   first and reads only numbers at or below it, in a later statement (a later snapshot). The
--   horizon is the last number handed out, read first, lowered to one below the smallest number
--   still announced in flight, read second. Every number at or below it was announced before the
--   last value was read (the announcement comes before the sequence moves), so it is either still
--   announced, and then above the horizon, or its transaction has ended and its rows are visible
--   to the next snapshot, or it was rolled back and never appears. So a page never holds a number
--   above one whose rows are still to come, and a kiosk's cursor, the last number of its page,
--   never passes a change it did not get. The reader takes no lock: it never waits and never holds
--   up a writer.
--
-- Lock keys are the two-int4 form (pg_locks.objsubid = 2), apart from every other advisory lock of
-- the store (the bigint form, objsubid = 1). A number n is announced as (class + n / 2^32,
-- n mod 2^32), so it is exact for any bigint the cursor can carry (15 digits < 2^50).
CREATE SEQUENCE ticket_revs MINVALUE 0;
CREATE SEQUENCE redemption_seqs MINVALUE 0;
-- The last change's time in ms since the epoch: a sequence only as a cell that is not transactional.
CREATE SEQUENCE change_clock_ms MINVALUE 0;
SELECT setval('ticket_revs', rev), setval('redemption_seqs', seq), setval('change_clock_ms', changed_at_ms)
FROM counters;
DROP TABLE counters;

-- The lock classes: `numbering`, and the bases of the two kinds of numbers announced in flight.
CREATE FUNCTION change_number_class(kind text) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE kind WHEN 'numbering' THEN 724001 WHEN 'rev' THEN 1000000000 WHEN 'seq' THEN 1500000000 END
$$;

-- Announces `n` of `kind` in flight until this transaction ends.
CREATE FUNCTION announce_in_flight(kind text, n bigint) RETURNS void
LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(
    change_number_class(kind) + (n >> 32)::integer,
    ((n & 4294967295) - CASE WHEN (n & 4294967295) >= 2147483648 THEN 4294967296 ELSE 0 END)::integer)
$$;

-- Takes `revs` consecutive revs (the first returned; the last handed out when `revs` is 0), `seqs`
-- (0 or 1) arrival numbers (the last handed out when 0) and the change's time: `now_ms`, or 1 ms
-- after the last change's time when the clock is behind it.
CREATE FUNCTION take_change_numbers(revs integer, seqs integer, now_ms bigint,
  OUT first_rev bigint, OUT seq bigint, OUT at_ms bigint)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_lock(change_number_class('numbering'), 0);
  BEGIN
    first_rev := (SELECT last_value FROM ticket_revs) + 1;
    seq := (SELECT last_value FROM redemption_seqs) + seqs;
    at_ms := GREATEST(now_ms, (SELECT last_value FROM change_clock_ms) + 1);
    -- Announced before the sequences move: see the file's head.
    IF revs > 0 THEN
      PERFORM announce_in_flight('rev', first_rev);
      PERFORM setval('ticket_revs', first_rev + revs - 1);
    ELSE
      first_rev := first_rev - 1;
    END IF;
    IF seqs > 0 THEN
      PERFORM announce_in_flight('seq', seq);
      PERFORM setval('redemption_seqs', seq);
    END IF;
    PERFORM setval('change_clock_ms', at_ms);
  EXCEPTION WHEN OTHERS THEN
    -- A session lock outlives an error: let go of it before passing the error on.
    PERFORM pg_advisory_unlock(change_number_class('numbering'), 0);
    RAISE;
  END;
  PERFORM pg_advisory_unlock(change_number_class('numbering'), 0);
END
$$;

-- The highest rev and arrival number a feed may read up to (see the file's head). VOLATILE (the
-- default): it reads the sequences and pg_locks as they are at the call.
CREATE FUNCTION feed_horizon(OUT rev bigint, OUT seq bigint)
LANGUAGE plpgsql AS $$
DECLARE
  last_rev bigint := (SELECT last_value FROM ticket_revs);
  last_seq bigint := (SELECT last_value FROM redemption_seqs);
BEGIN
  SELECT LEAST(last_rev, min(n) FILTER (WHERE kind = 'rev') - 1),
         LEAST(last_seq, min(n) FILTER (WHERE kind = 'seq') - 1)
  INTO rev, seq
  FROM (
    SELECT CASE WHEN l.classid::bigint >= change_number_class('seq') THEN 'seq' ELSE 'rev' END AS kind,
           ((l.classid::bigint - CASE WHEN l.classid::bigint >= change_number_class('seq')
              THEN change_number_class('seq') ELSE change_number_class('rev') END) << 32) + l.objid::bigint AS n
    FROM pg_locks l
    WHERE l.locktype = 'advisory' AND l.objsubid = 2
      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND l.classid::bigint >= change_number_class('rev')
  ) AS in_flight;
END
$$;

-- What an upload is judged on, in the round trip that opens its transaction (pgLedgerStore.ts
-- `redeem`): the transaction-scoped lock on its redemption id (as pgLedgerStore.ts `lockKey` takes
-- it), then, in a later statement and so a snapshot taken after the lock is held, its ticket's row
-- locked until commit (no row when there is no such ticket), the record and tombstone under its id
-- and its clerk. A volatile function's statements each take a new snapshot, which is what lets
-- the lock and the reads share one call.
CREATE FUNCTION upload_state(redemption_id text, ticket_code text, clerk_id text)
RETURNS TABLE (code text, fields jsonb, imported_units integer, accepted_units integer,
  conflict_units integer, rev bigint, updated_at text, existing jsonb, tombstone jsonb, clerk jsonb)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('redemption:' || redemption_id, 0));
  RETURN QUERY
    SELECT t.code, t.fields, t.imported_units, t.accepted_units, t.conflict_units, t.rev, t.updated_at,
      (SELECT r.record FROM redemptions r WHERE r.id = redemption_id),
      (SELECT s.record FROM tombstones s WHERE s.id = redemption_id),
      (SELECT c.record FROM clerks c WHERE c.id = clerk_id)
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (SELECT * FROM tickets WHERE tickets.code = ticket_code FOR UPDATE) AS t ON true;
END
$$;
