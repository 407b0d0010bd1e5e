-- The web console's data operations (central/console/data/).

-- A console list of one store's or one device's redemptions, newest first.
CREATE INDEX redemptions_of_store ON redemptions (store_id, seq);
CREATE INDEX redemptions_of_device ON redemptions (device_id, seq);

-- Uploads the central refused whole (a body that is not an upload, entries of another device or
-- store than the token's), by id: the server's time of receipt, unique (the counters row).
CREATE TABLE refused_uploads (
  id text PRIMARY KEY,
  store_id text NOT NULL,
  record jsonb NOT NULL
);
CREATE INDEX refused_uploads_of_store ON refused_uploads (store_id, id);

-- An exception (a redemption's id) or a refused upload (its id) marked resolved: by whom, when, a note.
CREATE TABLE exception_resolutions (
  id text PRIMARY KEY,
  record jsonb NOT NULL
);

-- 票券與訂單's searches (central/store/ticketQuery.ts): a code's start, an order number, a phone
-- number's last digits (its digits reversed, so "ends with" is a prefix), a name's start.
CREATE INDEX tickets_code_prefix ON tickets (code text_pattern_ops);
CREATE INDEX tickets_of_order ON tickets ((fields->>'orderNumber'));
CREATE INDEX tickets_phone_tail ON tickets
  ((reverse(regexp_replace(fields->'customer'->>'phone', '[^0-9]', '', 'g'))) text_pattern_ops);
CREATE INDEX tickets_name_prefix ON tickets ((fields->'customer'->>'name') text_pattern_ops);

-- Clerks disabled in the console, apart from their records so an import does not enable them again.
CREATE TABLE disabled_clerks (
  clerk_id text PRIMARY KEY REFERENCES clerks (id)
);

-- The names devices are given in the console's 裝置.
CREATE TABLE device_names (
  device_id text PRIMARY KEY,
  name text NOT NULL
);
