/**
 * The ledger store contract's pairing cases (docs/central.md, "Pairing a kiosk"), run by
 * ledgerStoreContract.ts on every adapter: a code pairs once, within its ten minutes, and of two
 * redemptions racing for one code (one on each process's store where the adapter is shared)
 * exactly one wins. The ledgers' clock is a number the test moves.
 */
import type { TestFn } from "ava";
import { Ledger } from "../../central/ledger.js";
import type { LedgerStore } from "../../central/store/ledgerStore.js";
import { silentLogger } from "../../device/logger.js";
import { parsePinKey } from "../../device/pinVerifier.js";
import { pairingTtlMs } from "../../device/ports/pairingWire.js";
import { contractCatalogue, type StoreFactory } from "./ledgerStoreContract.js";

async function pairingLedgers(make: StoreFactory, t: Parameters<StoreFactory>[0]) {
  const { store, peer } = await make(t);
  const clock = { ms: Date.parse("2026-11-27T08:00:00.000Z") };
  const ledger = (on: LedgerStore) =>
    new Ledger({ store: on, logger: silentLogger, now: () => new Date(clock.ms), voidWindowHours: 24 });
  const first = ledger(store);
  if (!(await first.importDocument(contractCatalogue())).ok) throw new Error("the catalogue was refused");
  return { clock, ledger: first, peerLedger: ledger(peer) };
}

async function newCode(ledger: Ledger): Promise<string> {
  const made = await ledger.createPairingCode("kiosk-7", "store-a");
  if (!made.ok) throw new Error("store-a is known");
  return made.code;
}

export function pairingCodeContract(test: TestFn, make: StoreFactory): void {
  test("pairing: a code makes its device's token and PIN key once; an unknown store makes no code", async (t) => {
    const { ledger, peerLedger } = await pairingLedgers(make, t);
    t.deepEqual(await ledger.createPairingCode("kiosk-7", "store-z"), {
      ok: false,
      knownStoreIds: ["store-a", "store-b"],
    });
    const made = await ledger.createPairingCode("kiosk-7", "store-a");
    if (!made.ok) return t.fail("store-a is known");
    t.regex(made.code, /^[0-9A-HJKMNP-TV-Z]{16}$/);
    t.is(made.expiresAt, "2026-11-27T08:10:00.000Z");
    const paired = await peerLedger.pair(made.code);
    if (paired.kind !== "paired") return t.fail("a fresh code pairs");
    t.like(paired, { deviceId: "kiosk-7", storeId: "store-a" });
    t.deepEqual(await ledger.authenticate(paired.token), {
      kind: "device",
      scope: { deviceId: "kiosk-7", storeId: "store-a" },
      pinKey: parsePinKey(paired.pinKey),
    });
    t.deepEqual(await ledger.pair(made.code), { kind: "refused" }, "a used code is refused");
    t.deepEqual(await ledger.pair("0000000000000000"), { kind: "refused" }, "an unknown code is refused");
  });

  test("pairing: a code works until its ten minutes are up, not at or after", async (t) => {
    const { clock, ledger, peerLedger } = await pairingLedgers(make, t);
    const late = await newCode(ledger);
    const inTime = await newCode(ledger);
    clock.ms += pairingTtlMs;
    t.deepEqual(await peerLedger.pair(late), { kind: "refused" }, "expired at exactly ten minutes");
    clock.ms -= 1;
    t.is((await peerLedger.pair(inTime)).kind, "paired", "a millisecond before, it pairs");
  });

  test("pairing: two redemptions of one code at once, one on each process: exactly one wins", async (t) => {
    const { ledger, peerLedger } = await pairingLedgers(make, t);
    for (let round = 0; round < 5; round += 1) {
      const code = await newCode(ledger);
      const claims = await Promise.all([ledger.pair(code), peerLedger.pair(code)]);
      t.deepEqual(claims.map((claim) => claim.kind).sort(), ["paired", "refused"], `round ${round}`);
    }
  });
}
