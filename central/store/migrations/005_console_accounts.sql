-- The web console's records (central/store/consoleStore.ts): accounts, sessions, each account's
-- login guard, and the audit log of every action.
CREATE TABLE console_accounts (
  name text PRIMARY KEY,
  record jsonb NOT NULL
);

-- Keyed by the sha256 of the session id: the id itself is only ever in the browser's cookie.
CREATE TABLE console_sessions (
  id_hash text PRIMARY KEY,
  record jsonb NOT NULL
);

CREATE TABLE console_login_guards (
  name text PRIMARY KEY,
  guard jsonb NOT NULL
);

CREATE TABLE console_audit (
  seq bigserial PRIMARY KEY,
  at text NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  detail text NOT NULL,
  address text NOT NULL
);
