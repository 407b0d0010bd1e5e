-- An upload's token read again in the round trip that opens its transaction (pgLedgerStore.ts
-- `redeem`, `findUploadToken`; docs/performance.md "Central service on PostgreSQL, third round"). A
-- central process lets an upload's request in on its own copy of the token's earlier look-up,
-- saving a round trip a request, and the upload reads the token as it is now, in the same snapshot
-- as what it is judged on: a revoke or a move made through any process holds for it at once.
-- `token` is the token's record with its PIN key, as `findToken` gives it; null when `token_hash`
-- is null or names no token. Otherwise as before (007_change_numbers.sql).
DROP FUNCTION upload_state(text, text, text);
CREATE FUNCTION upload_state(redemption_id text, ticket_code text, clerk_id text, token_hash text)
RETURNS TABLE (code text, fields jsonb, imported_units integer, accepted_units integer,
  conflict_units integer, rev bigint, updated_at text, existing jsonb, tombstone jsonb, clerk jsonb,
  token jsonb)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('redemption:' || redemption_id, 0));
  RETURN QUERY
    SELECT t.code, t.fields, t.imported_units, t.accepted_units, t.conflict_units, t.rev, t.updated_at,
      (SELECT r.record FROM redemptions r WHERE r.id = redemption_id),
      (SELECT s.record FROM tombstones s WHERE s.id = redemption_id),
      (SELECT c.record FROM clerks c WHERE c.id = clerk_id),
      (SELECT CASE WHEN k.pin_key IS NULL THEN k.record ELSE k.record || jsonb_build_object('pinKey', k.pin_key) END
         FROM tokens k WHERE k.token_sha256 = token_hash)
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (SELECT * FROM tickets WHERE tickets.code = ticket_code FOR UPDATE) AS t ON true;
END
$$;
