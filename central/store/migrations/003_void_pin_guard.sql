-- The wrong-PIN guard of a void's supervisor PIN, one per device and clerk named (device/pinLockout.ts:
-- misses, locks, the lock's end, the last miss), in the database rather than in each central
-- process: several processes behind a load balancer count the same misses, and a restart forgets
-- none. Updated under the row's lock (pgLedgerStore.ts `updateVoidPinGuard`), so two processes
-- counting a miss at once both count it.
CREATE TABLE void_pin_guards (
  device_id text NOT NULL,
  clerk_id text NOT NULL,
  guard jsonb NOT NULL,
  PRIMARY KEY (device_id, clerk_id)
);
