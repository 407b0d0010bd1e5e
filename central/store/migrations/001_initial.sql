-- The central service's store on PostgreSQL (central/store/pgLedgerStore.ts).
-- Records are kept whole as jsonb, with the columns the queries and constraints need beside them.

-- The last ticket rev and redemption arrival number handed out, and the time of the last change.
-- One row, updated by every transaction that changes a ticket or records a redemption, after its
-- reads and judgement, just before its writes: its row lock is held until commit, so numbers are
-- handed out in commit order and a reader never sees rev n+1 before rev n (a cursor would pass a
-- change it never got).
CREATE TABLE counters (
  id smallint PRIMARY KEY CHECK (id = 1),
  rev bigint NOT NULL,
  seq bigint NOT NULL,
  changed_at_ms bigint NOT NULL
);
INSERT INTO counters VALUES (1, 0, 0, 0);

CREATE TABLE stores (
  id text PRIMARY KEY,
  record jsonb NOT NULL
);

CREATE TABLE clerks (
  id text PRIMARY KEY,
  record jsonb NOT NULL
);

-- A clerk per store, so a store's clerks are read by index, not by reading every clerk.
CREATE TABLE clerk_stores (
  store_id text NOT NULL,
  clerk_id text NOT NULL REFERENCES clerks (id),
  PRIMARY KEY (store_id, clerk_id)
);

CREATE TABLE orders (
  order_number text PRIMARY KEY,
  record jsonb NOT NULL
);

-- A ticket: its imported fields, and its units apart: imported, accepted through kiosks, and
-- counted by offline conflicts (which may go past the total: over-redemption shows). The last
-- unit is taken by a conditional UPDATE; the CHECK holds the online count to the total whatever
-- the code above it does.
CREATE TABLE tickets (
  code text PRIMARY KEY,
  fields jsonb NOT NULL,
  store_ids text[],
  total_units integer NOT NULL,
  imported_units integer NOT NULL,
  accepted_units integer NOT NULL DEFAULT 0,
  conflict_units integer NOT NULL DEFAULT 0,
  rev bigint NOT NULL UNIQUE,
  updated_at text NOT NULL,
  CHECK (accepted_units >= 0 AND conflict_units >= 0),
  CHECK (imported_units + accepted_units <= total_units)
);

-- The stores a ticket belongs to, each with the ticket's rev: a store's change feed is a range of
-- the (store_id, rev) index. A ticket valid at every store has the one row store_id = '' (store
-- ids are 1 to 64 characters, so '' names none).
CREATE TABLE ticket_stores (
  store_id text NOT NULL,
  code text NOT NULL REFERENCES tickets (code),
  rev bigint NOT NULL,
  PRIMARY KEY (store_id, code)
);
CREATE INDEX ticket_stores_feed ON ticket_stores (store_id, rev);

-- Redemption records by id, kept for good: the id is the idempotency key, and the hash of the
-- body (without `offline`) is what a replay is compared on (same body: duplicate; else id_reused).
CREATE TABLE redemptions (
  id text PRIMARY KEY,
  body_sha256 text NOT NULL,
  seq bigint NOT NULL UNIQUE,
  ticket_code text NOT NULL,
  store_id text NOT NULL,
  device_id text NOT NULL,
  received_at timestamptz NOT NULL,
  exception boolean NOT NULL,
  record jsonb NOT NULL
);
CREATE INDEX redemptions_of_ticket ON redemptions (ticket_code, seq);
CREATE INDEX redemptions_exceptions ON redemptions (seq) WHERE exception;

CREATE TABLE tombstones (
  id text PRIMARY KEY,
  record jsonb NOT NULL
);

-- Tokens by the sha256 of the token, never the token.
CREATE TABLE tokens (
  token_sha256 text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('device', 'admin')),
  device_id text,
  revoked boolean NOT NULL,
  record jsonb NOT NULL
);
CREATE INDEX tokens_of_device ON tokens (device_id);

CREATE TABLE heartbeats (
  device_id text PRIMARY KEY,
  record jsonb NOT NULL
);
