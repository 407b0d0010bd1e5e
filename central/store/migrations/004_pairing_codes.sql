-- One-time pairing codes (docs/central.md, "Pairing a kiosk"): each makes one device token for
-- one device of one store, until it expires or is spent. Kept by the code's sha256, like tokens,
-- so a copy of the database gives nobody a working code. A spent code keeps its row (used_at set),
-- so it stays refused.
CREATE TABLE pairing_codes (
  code_sha256 text PRIMARY KEY,
  device_id text NOT NULL,
  store_id text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
