/**
 * The contract every adapter of the ledger's store (central/store/ledgerStore.ts) passes, driven
 * through the Ledger and its pure rules as the HTTP API drives them: idempotency, the last unit
 * under concurrent uploads, offline conflicts, voids and tombstones, per-store feeds, tokens,
 * heartbeats, exceptions and imports. An adapter's test file calls `ledgerStoreContract` with a
 * factory; where the adapter can be shared by several processes the factory's `peer` is a second
 * store on the same data, and the races are split across both.
 */
import type { TestFn } from "ava";
import type { ImportDocument } from "../../central/importDocument.js";
import { Ledger, TokenChangedError, tokenId } from "../../central/ledger.js";
import { type DumpRecord, dumpKinds } from "../../central/store/dumpRecord.js";
import type { LedgerStore } from "../../central/store/ledgerStore.js";
import type { Redemption } from "../../device/domain.js";
import { silentLogger } from "../../device/logger.js";
import { afterMiss, maxPinFailures, openGuard } from "../../device/pinLockout.js";
import { openVerifier, parsePinKey } from "../../device/pinVerifier.js";
import type { RedemptionResult } from "../../device/ports/wire.js";
import { makeRedemption } from "./fixtures.js";
import { pairingCodeContract } from "./pairingCodeContract.js";

export interface StoresUnderTest {
  readonly store: LedgerStore;
  /** A second store on the same data (another process's view); the same store where there is none. */
  readonly peer: LedgerStore;
}

export type StoreFactory = (t: { teardown(fn: () => Promise<void>): void }) => Promise<StoresUnderTest>;

const start = Date.parse("2026-11-27T08:00:00.000Z");
const scopeA = { deviceId: "kiosk-1", storeId: "store-a" };
const scopeB = { deviceId: "kiosk-2", storeId: "store-a" };
const scopeOther = { deviceId: "kiosk-9", storeId: "store-b" };

export function contractCatalogue(): ImportDocument {
  const ticket = (code: string, totalUnits: number, storeIds?: string[]) => ({
    code,
    productName: `商品 ${code}`,
    totalUnits,
    redeemedUnits: 0,
    status: "active" as const,
    ...(storeIds === undefined ? {} : { storeIds }),
  });
  return {
    stores: [
      { id: "store-a", name: "台北信義店" },
      { id: "store-b", name: "台中店" },
    ],
    clerks: [
      { id: "sup-a", name: "王小明", pin: "246810", role: "supervisor", storeIds: ["store-a"] },
      { id: "clerk-b", name: "李美玲", pin: "1357", role: "redeem", storeIds: ["store-b"] },
      { id: "both", name: "陳大文", pin: "9999", role: "redeem", storeIds: ["store-a", "store-b"] },
    ],
    orders: [
      {
        orderNumber: "#1",
        createdAt: "2026-11-20T10:02:00+08:00",
        customer: { name: "陳怡君", phone: "0912345678" },
        tickets: [
          ticket("LAST-1", 1, ["store-a"]),
          ticket("FIVE-5", 5, ["store-a"]),
          ticket("ANY-3", 3),
          ticket("BEE-2", 2, ["store-b"]),
          ticket("AB-2", 2, ["store-a", "store-b"]),
        ],
      },
    ],
  };
}

/** Two ledgers, one per store, on a clock that moves a second per reading. */
async function ledgers(make: StoreFactory, t: Parameters<StoreFactory>[0]) {
  const { store, peer } = await make(t);
  let clock = start;
  const now = () => {
    clock += 1000;
    return new Date(clock);
  };
  const ledger = (on: LedgerStore) =>
    new Ledger({ store: on, logger: silentLogger, now, voidWindowHours: 24 });
  const first = ledger(store);
  const imported = await first.importDocument(contractCatalogue());
  if (!imported.ok)
    throw new Error(`the contract catalogue was refused: ${JSON.stringify(imported.problems)}`);
  return { store, peer, ledger: first, peerLedger: ledger(peer), now };
}

async function uploadOne(ledger: Ledger, redemption: Redemption): Promise<RedemptionResult> {
  const [result] = await ledger.upload([redemption], {
    deviceId: redemption.deviceId,
    storeId: redemption.storeId,
  });
  if (result === undefined) throw new Error("no result");
  return result;
}

export function ledgerStoreContract(test: TestFn, make: StoreFactory): void {
  test("ping resolves while the store is open and throws once it is closed", async (t) => {
    const { store } = await make(t);
    await t.notThrowsAsync(store.ping());
    await store.close();
    await t.throwsAsync(store.ping());
  });

  test("the same id twice is one record and a duplicate; the same id with another body is id_reused", async (t) => {
    const { ledger, peerLedger, store } = await ledgers(make, t);
    const redemption = makeRedemption({ ticketCode: "FIVE-5", ...scopeA });
    const [first, again] = await Promise.all([
      uploadOne(ledger, redemption),
      uploadOne(peerLedger, redemption),
    ]);
    t.deepEqual([first.status, again.status].sort(), ["accepted", "duplicate"]);
    t.is((await store.getTicket("FIVE-5"))?.ticket.redeemedUnits, 1);
    const reused = await uploadOne(ledger, { ...redemption, quantity: 2 });
    t.deepEqual([reused.status, reused.reason], ["rejected", "id_reused"]);
    const offlineCopy = await uploadOne(ledger, { ...redemption, offline: true });
    t.deepEqual([offlineCopy.status, offlineCopy.original], ["duplicate", "accepted"]);
    t.deepEqual(
      (await store.redemptionsOfTicket("FIVE-5")).map((record) => record.redemption.id),
      [redemption.id],
    );
  });

  test("n kiosks racing online for the last unit: exactly one accepted, the ticket never over", async (t) => {
    const { ledger, peerLedger, store } = await ledgers(make, t);
    const racers = Array.from({ length: 8 }, (_, i) =>
      makeRedemption({ ticketCode: "LAST-1", deviceId: `kiosk-${i}`, storeId: "store-a" }),
    );
    const results = await Promise.all(
      racers.map((redemption, i) => uploadOne(i % 2 === 0 ? ledger : peerLedger, redemption)),
    );
    t.is(results.filter((result) => result.status === "accepted").length, 1);
    t.is(results.filter((result) => result.reason === "fully_redeemed").length, racers.length - 1);
    t.is((await store.getTicket("LAST-1"))?.ticket.redeemedUnits, 1);
  });

  test("offline over-redemption: both recorded, one conflict naming the first, units over the total", async (t) => {
    const { ledger, peerLedger, store } = await ledgers(make, t);
    const first = makeRedemption({ ticketCode: "LAST-1", ...scopeA, offline: true });
    const second = makeRedemption({ ticketCode: "LAST-1", ...scopeB, offline: true });
    t.is((await uploadOne(ledger, first)).status, "accepted");
    const conflict = await uploadOne(peerLedger, second);
    t.deepEqual([conflict.status, conflict.reason], ["conflict", "fully_redeemed"]);
    t.deepEqual(
      conflict.conflictWith?.map((party) => party.id),
      [first.id],
    );
    t.is((await store.getTicket("LAST-1"))?.ticket.redeemedUnits, 2);
    const exceptions = await store.exceptionsSince(0, 10, { storeId: "store-a" });
    t.deepEqual(
      exceptions.redemptions.map((record) => record.redemption.id),
      [second.id],
    );
    t.deepEqual((await store.exceptionsSince(0, 10, { storeId: "store-b" })).redemptions, []);
  });

  test("an online refusal whose answer was lost, then redeemed offline: its record becomes the conflict, counted once, listed, in its place", async (t) => {
    const { ledger, peerLedger, store } = await ledgers(make, t);
    const first = makeRedemption({ ticketCode: "LAST-1", ...scopeB });
    t.is((await uploadOne(peerLedger, first)).status, "accepted");
    // Refused online; the kiosk never heard it (a service killed before its answer) and redeemed offline.
    const online = makeRedemption({ ticketCode: "LAST-1", ...scopeA });
    t.is((await uploadOne(ledger, online)).reason, "fully_redeemed");
    const offline = { ...online, offline: true };
    // Uploaded through both at once: whichever is judged first replaces the record, the other replays it.
    const answers = await Promise.all([uploadOne(ledger, offline), uploadOne(peerLedger, offline)]);
    t.deepEqual(answers.map((answer) => answer.status).sort(), ["conflict", "duplicate"]);
    const conflict = answers.find((answer) => answer.status === "conflict");
    t.is(conflict?.reason, "fully_redeemed");
    t.deepEqual(
      conflict?.conflictWith?.map((party) => party.id),
      [first.id],
    );
    t.is(answers.find((answer) => answer.status === "duplicate")?.original, "conflict");
    t.is((await store.getTicket("LAST-1"))?.ticket.redeemedUnits, 2, "its unit counted once");
    const records = await store.redemptionsOfTicket("LAST-1");
    t.deepEqual(
      records.map((record) => [record.redemption.id, record.status]),
      [
        [first.id, "accepted"],
        [online.id, "conflict"],
      ],
      "one record for the id, where the online request put it",
    );
    const exceptions = await store.exceptionsSince(0, 10, { storeId: "store-a" });
    t.deepEqual(
      exceptions.redemptions.map((record) => record.redemption.id),
      [online.id],
    );
    const page = await store.redemptionsSince(0, 10, { storeId: "store-a" });
    t.deepEqual(
      page.redemptions.map((record) => [record.redemption.id, record.status]),
      [
        [first.id, "accepted"],
        [online.id, "conflict"],
      ],
      "in arrival order, once",
    );
  });

  test("a supervisor's void gives the units back once; a void of a conflict gives back its own", async (t) => {
    const { ledger, store } = await ledgers(make, t);
    const redemption = makeRedemption({ ticketCode: "FIVE-5", ...scopeA, quantity: 2 });
    await uploadOne(ledger, redemption);
    const request = {
      reason: "wrong ticket",
      clerkId: "sup-a",
      pin: "246810",
      at: new Date(start).toISOString(),
    };
    const voided = await ledger.void(redemption.id, request, scopeA);
    t.like(voided, { kind: "result", result: { status: "voided", ticket: { redeemedUnits: 0 } } });
    const again = await ledger.void(redemption.id, request, scopeA);
    t.like(again, { kind: "result", result: { status: "duplicate", ticket: { redeemedUnits: 0 } } });
    t.is((await store.getTicket("FIVE-5"))?.ticket.redeemedUnits, 0);
    t.like(await ledger.void(redemption.id, request, scopeOther), { kind: "forbidden" });
    t.like(await ledger.void("no-such-id", request, scopeA), { kind: "not_found" });

    const accepted = makeRedemption({ ticketCode: "LAST-1", ...scopeA, offline: true });
    const conflict = makeRedemption({ ticketCode: "LAST-1", ...scopeB, offline: true });
    await uploadOne(ledger, accepted);
    await uploadOne(ledger, conflict);
    t.like(await ledger.void(conflict.id, request, scopeB), {
      result: { status: "voided", ticket: { redeemedUnits: 1 } },
    });
    const [record] = (await store.redemptionsOfTicket("LAST-1")).filter(
      (stored) => stored.redemption.id === conflict.id,
    );
    t.is(record?.voided?.clerkId, "sup-a");
    // The unit the conflict gave back is the accepted one's again: a new online upload is refused.
    const late = await uploadOne(ledger, makeRedemption({ ticketCode: "LAST-1", ...scopeA }));
    t.is(late.reason, "fully_redeemed");
  });

  test("an abandoned id never seen gets a tombstone: its late upload is cancelled, once", async (t) => {
    const { ledger, peerLedger, store } = await ledgers(make, t);
    const redemption = makeRedemption({ ticketCode: "FIVE-5", ...scopeA });
    const abandon = { reason: "abandoned", at: new Date(start).toISOString() };
    t.like(await ledger.void(redemption.id, abandon, scopeA), { result: { status: "cancelled" } });
    t.like(await peerLedger.void(redemption.id, abandon, scopeA), { result: { status: "duplicate" } });
    const late = await uploadOne(peerLedger, redemption);
    t.deepEqual([late.status, late.reason], ["rejected", "cancelled"]);
    t.is((await store.getTicket("FIVE-5"))?.ticket.redeemedUnits, 0);
    const again = await uploadOne(ledger, redemption);
    t.deepEqual([again.status, again.reason], ["rejected", "cancelled"]);
  });

  test("a tombstone is its device's: another device may not take the id back, and its upload of the id is judged", async (t) => {
    const { ledger, peerLedger, store } = await ledgers(make, t);
    const id = makeRedemption().id;
    const abandon = { reason: "abandoned", at: new Date(start).toISOString() };
    t.like(await ledger.void(id, abandon, scopeA), { result: { status: "cancelled" } });
    t.like(await peerLedger.void(id, abandon, scopeB), {
      result: { status: "rejected", reason: "not_permitted" },
    });
    const other = await uploadOne(peerLedger, makeRedemption({ id, ticketCode: "FIVE-5", ...scopeB }));
    t.is(other.status, "accepted");
    t.is((await store.getTicket("FIVE-5"))?.ticket.redeemedUnits, 1);
  });

  test("a redemption's time is judged within the device's honest bounds: judgedAt and clock_suspect kept, listed as an exception", async (t) => {
    const { ledger, peerLedger, store } = await ledgers(make, t);
    const status = { version: "1" } as never;
    await ledger.heartbeat(scopeA, status);
    const lastSeenAt = (await store.getHeartbeat(scopeA.deviceId))?.lastSeenAt ?? "";
    t.not(lastSeenAt, "");
    const backdated = makeRedemption({
      ticketCode: "FIVE-5",
      ...scopeA,
      offline: true,
      redeemedAt: new Date(Date.parse(lastSeenAt) - 3_600_000).toISOString(),
    });
    t.is((await uploadOne(peerLedger, backdated)).status, "accepted");
    const [record] = await store.redemptionsOfTicket("FIVE-5");
    t.is(record?.judgedAt, new Date(Date.parse(lastSeenAt) - 5 * 60_000).toISOString());
    t.deepEqual(record?.flags, ["clock_suspect"]);
    const exceptions = await store.exceptionsSince(0, 10, {});
    t.deepEqual(
      exceptions.redemptions.map((listed) => [listed.redemption.id, listed.judgedAt]),
      [[backdated.id, record?.judgedAt]],
    );
  });

  test("an abandoned void racing its own upload: either the upload is voided or it is cancelled, never both lost", async (t) => {
    const { ledger, peerLedger, store } = await ledgers(make, t);
    const redemption = makeRedemption({ ticketCode: "LAST-1", ...scopeA });
    const abandon = { reason: "abandoned", at: new Date(start).toISOString() };
    const [upload, voided] = await Promise.all([
      uploadOne(ledger, redemption),
      peerLedger.void(redemption.id, abandon, scopeA),
    ]);
    const status = voided.kind === "result" ? voided.result.status : voided.kind;
    if (upload.status === "accepted") t.is(status, "voided");
    else t.deepEqual([upload.reason, status], ["cancelled", "cancelled"]);
    t.is((await store.getTicket("LAST-1"))?.ticket.redeemedUnits, 0);
  });

  test("per-store feeds: a store's tickets (and those of every store), the others as codes, counts", async (t) => {
    const { ledger, store } = await ledgers(make, t);
    const codes = async (storeId: string, other = false) => {
      const found: string[] = [];
      let after = 0;
      for (;;) {
        const page = other
          ? await store.ticketsOfOtherStoresSince(storeId, after, 2)
          : await store.ticketsOfStoreSince(storeId, after, 2);
        found.push(...page.tickets.map((ticket) => ticket.code));
        after = page.lastRev;
        if (!page.hasMore) return found.sort();
      }
    };
    t.deepEqual(await codes("store-a"), ["AB-2", "ANY-3", "FIVE-5", "LAST-1"]);
    t.deepEqual(await codes("store-b"), ["AB-2", "ANY-3", "BEE-2"]);
    t.deepEqual(await codes("store-a", true), ["BEE-2"]);
    t.is(await store.countTicketsOfStore("store-a"), 4);
    t.is(await store.countTicketsOfStore("store-b"), 3);
    const first = await store.ticketsOfStoreSince("store-b", 0, 10);
    await uploadOne(ledger, makeRedemption({ ticketCode: "AB-2", ...scopeOther }));
    const changed = await store.ticketsOfStoreSince("store-b", first.lastRev, 10);
    t.deepEqual(
      changed.tickets.map((ticket) => [ticket.code, ticket.redeemedUnits]),
      [["AB-2", 1]],
    );
    t.true(changed.lastRev > first.lastRev);
    t.deepEqual((await store.ticketsOfStoreSince("store-b", changed.lastRev, 10)).tickets, []);
    t.deepEqual((await store.clerksOfStore("store-b")).map((clerk) => clerk.id).sort(), ["both", "clerk-b"]);
  });

  test("an upload's token is read again in its step: revoked through another process since it was let in, nothing is recorded", async (t) => {
    const { ledger, peerLedger, store } = await ledgers(make, t);
    const issued = await ledger.issueToken("kiosk-1", "store-a");
    if (!issued.ok) return t.fail("store-a is known");
    t.like(await ledger.authenticateUpload(issued.token), { kind: "device", scope: scopeA });
    const before = makeRedemption({ ticketCode: "FIVE-5", ...scopeA });
    t.is((await ledger.upload([before], scopeA, issued.token))[0]?.status, "accepted");

    t.is(await peerLedger.revokeDevice("kiosk-1"), 1);
    const late = makeRedemption({ ticketCode: "FIVE-5", ...scopeA });
    await t.throwsAsync(ledger.upload([late], scopeA, issued.token), { instanceOf: TokenChangedError });
    // The device paired again: its new token does not stand in for the revoked one.
    t.true((await peerLedger.issueToken("kiosk-1", "store-a")).ok);
    await t.throwsAsync(ledger.upload([late], scopeA, issued.token), { instanceOf: TokenChangedError });
    t.deepEqual(
      (await store.redemptionsOfTicket("FIVE-5")).map((record) => record.redemption.id),
      [before.id],
    );
    t.is((await store.getTicket("FIVE-5"))?.ticket.redeemedUnits, 1);
  });

  test("tokens: only their hash is kept; revoking a device or the admins revokes every live one", async (t) => {
    const { ledger, peerLedger, store } = await ledgers(make, t);
    const issued = await ledger.issueToken("kiosk-1", "store-a");
    if (!issued.ok) return t.fail("store-a is known");
    t.deepEqual(await ledger.issueToken("kiosk-1", "store-z"), {
      ok: false,
      knownStoreIds: ["store-a", "store-b"],
    });
    const second = await ledger.issueToken("kiosk-1", "store-a");
    const admin = await ledger.issueAdminToken();
    t.deepEqual(await peerLedger.authenticate(issued.token), {
      kind: "device",
      scope: scopeA,
      pinKey: parsePinKey(issued.pinKey),
    });
    t.deepEqual(await peerLedger.authenticate(admin), {
      kind: "admin",
      actor: `admin-token:${tokenId(admin)}`,
    });
    t.deepEqual(await ledger.authenticate("ctk_nobody"), { kind: "unknown" });
    t.is(await peerLedger.revokeDevice("kiosk-1"), 2);
    t.is(await ledger.revokeDevice("kiosk-1"), 0);
    t.deepEqual(await ledger.authenticate(issued.token), { kind: "revoked" });
    t.deepEqual(second.ok && (await ledger.authenticate(second.token)), { kind: "revoked" });
    t.is(await ledger.revokeAdminTokens(), 1);
    t.deepEqual(await peerLedger.authenticate(admin), { kind: "revoked" });
    const devices = await store.deviceTokens();
    t.deepEqual(
      devices.map((token) => [token.deviceId, token.storeId, token.revoked]),
      [
        ["kiosk-1", "store-a", true],
        ["kiosk-1", "store-a", true],
      ],
    );
    t.false(JSON.stringify(devices).includes(issued.token));
  });

  test("a device token's PIN key is kept: the store's verifiers are sealed under it, opened by that key only", async (t) => {
    const { ledger, peerLedger, store } = await ledgers(make, t);
    const issued = await ledger.issueToken("kiosk-1", "store-a");
    const other = await ledger.issueToken("kiosk-2", "store-a");
    if (!issued.ok || !other.ok) return t.fail("store-a is known");
    const auth = await peerLedger.authenticate(issued.token);
    if (auth.kind !== "device" || auth.pinKey === undefined) return t.fail("a device token with its PIN key");
    const clerks = await peerLedger.clerks(auth.scope, auth.pinKey);
    t.deepEqual(
      clerks.map((clerk) => clerk.id),
      ["both", "sup-a"],
    );
    const pinHash = (await store.getClerk("sup-a"))?.pinHash;
    const sealed = clerks.find((clerk) => clerk.id === "sup-a")?.pinVerifier ?? "";
    t.is(openVerifier(auth.pinKey, "sup-a", sealed), pinHash);
    t.is(openVerifier(parsePinKey(other.pinKey) ?? Buffer.alloc(32), "sup-a", sealed), undefined);
    t.false(JSON.stringify(clerks).includes(pinHash ?? "no hash"));
  });

  test("heartbeats: the last one per device, with the server's time", async (t) => {
    const { store } = await ledgers(make, t);
    const status = (version: string) => ({ version }) as never;
    await store.putHeartbeat({ ...scopeA, lastSeenAt: "2026-11-27T08:00:00.000Z", status: status("1") });
    await store.putHeartbeat({ ...scopeA, lastSeenAt: "2026-11-27T08:01:00.000Z", status: status("2") });
    await store.putHeartbeat({ ...scopeB, lastSeenAt: "2026-11-27T08:02:00.000Z", status: status("3") });
    const beats = (await store.heartbeats()).sort((a, b) => (a.deviceId < b.deviceId ? -1 : 1));
    t.is((await store.getHeartbeat("kiosk-1"))?.lastSeenAt, "2026-11-27T08:01:00.000Z");
    t.is(await store.getHeartbeat("kiosk-never"), undefined);
    t.deepEqual(
      beats.map((beat) => [beat.deviceId, beat.lastSeenAt]),
      [
        ["kiosk-1", "2026-11-27T08:01:00.000Z"],
        ["kiosk-2", "2026-11-27T08:02:00.000Z"],
      ],
    );
  });

  test("records in arrival order, filtered by store, device and time, paged by cursor", async (t) => {
    const { ledger, store } = await ledgers(make, t);
    const uploads = [
      makeRedemption({ ticketCode: "FIVE-5", ...scopeA }),
      makeRedemption({ ticketCode: "BEE-2", ...scopeOther }),
      makeRedemption({ ticketCode: "FIVE-5", ...scopeB }),
      makeRedemption({ ticketCode: "ANY-3", ...scopeA }),
    ];
    for (const redemption of uploads) await uploadOne(ledger, redemption);
    const ids = (page: { redemptions: { redemption: { id: string } }[] }) =>
      page.redemptions.map((record) => record.redemption.id);
    const all = await store.redemptionsSince(0, 10, {});
    t.deepEqual(
      ids(all),
      uploads.map((redemption) => redemption.id),
    );
    const firstTwo = await store.redemptionsSince(0, 2, { storeId: "store-a" });
    t.true(firstTwo.hasMore);
    const rest = await store.redemptionsSince(firstTwo.lastSeq, 10, { storeId: "store-a" });
    t.deepEqual([...ids(firstTwo), ...ids(rest)], [uploads[0]?.id, uploads[2]?.id, uploads[3]?.id]);
    t.false(rest.hasMore);
    t.deepEqual(ids(await store.redemptionsSince(0, 10, scopeA)), [uploads[0]?.id, uploads[3]?.id]);
    const third = all.redemptions[2]?.receivedAt ?? "";
    t.deepEqual(ids(await store.redemptionsSince(0, 10, { receivedSince: third })), [
      uploads[2]?.id,
      uploads[3]?.id,
    ]);
  });

  test("imports are written in durable batches with their progress; one cut off keeps its batches and the same import completes it", async (t) => {
    const { store } = await ledgers(make, t);
    const customer = { name: "陳怡君", phone: "0912345678" };
    const orders = Array.from({ length: 5 }, (_, order) => ({
      orderNumber: `#batch-${order}`,
      createdAt: "2026-11-20T10:00:00+08:00",
      customer,
      tickets: Array.from({ length: 500 }, (_, i) => ({
        code: `B${order}-${i}`,
        productName: "券",
        totalUnits: 1,
        redeemedUnits: 0,
        status: "active" as const,
      })),
    }));
    const document = { stores: [], clerks: [], orders };
    const pass = () => ({ ok: true as const, document, warnings: [] });
    const cut = await store
      .import(pass, (written) => {
        throw new Error(`cut off after ${written}`);
      })
      .catch((error: Error) => error.message);
    t.is(cut, "cut off after 1000");
    t.truthy(await store.getTicket("B1-499"));
    t.is(await store.getTicket("B2-0"), undefined);
    const written: number[] = [];
    const completed = await store.import(pass, (tickets) => written.push(tickets));
    t.deepEqual(written, [1000, 2000, 2500]);
    t.like("summary" in completed ? completed.summary : undefined, {
      tickets: { created: 1500, updated: 0, unchanged: 1000 },
    });
    t.truthy(await store.getTicket("B4-499"));
  });

  test("imports: unchanged entries keep their rev, a changed ticket keeps its kiosk units, a bad store changes nothing", async (t) => {
    const { ledger, store } = await ledgers(make, t);
    await uploadOne(ledger, makeRedemption({ ticketCode: "FIVE-5", ...scopeA, quantity: 2 }));
    const before = await store.getTicket("ANY-3");
    const again = await ledger.importDocument(contractCatalogue());
    t.like(again, { ok: true, summary: { tickets: { created: 0, updated: 0, unchanged: 5 } } });
    t.is((await store.getTicket("ANY-3"))?.rev, before?.rev);

    const changed = contractCatalogue();
    const order = changed.orders[0];
    if (order === undefined) return t.fail();
    const tickets = order.tickets.map((ticket) =>
      ticket.code === "FIVE-5" ? { ...ticket, totalUnits: 8, redeemedUnits: 1 } : ticket,
    );
    const updated = await ledger.importDocument({ ...changed, orders: [{ ...order, tickets }] });
    t.like(updated, { ok: true, summary: { tickets: { created: 0, updated: 1, unchanged: 4 } } });
    t.like((await store.getTicket("FIVE-5"))?.ticket, { totalUnits: 8, redeemedUnits: 3 });

    const refused = await ledger.importDocument({
      ...changed,
      stores: [],
      clerks: [{ id: "x", name: "x", pin: "1234", role: "redeem", storeIds: ["store-z"] }],
    });
    t.false(refused.ok);
    t.is(await store.getClerk("x"), undefined);
    t.deepEqual([...(await store.storeIds())].sort(), ["store-a", "store-b"]);
    t.is((await store.getStore("store-a"))?.name, "台北信義店");
  });

  // The void PIN's wrong-guess guard, kept in the store (ledgerStore.ts `voidPinGuard`).

  test("wrong void PINs are counted in the store: spread over two processes they lock after the policy's count, and a new ledger still refuses", async (t) => {
    const { ledger, peerLedger, peer, now } = await ledgers(make, t);
    const taken = makeRedemption({ ticketCode: "FIVE-5", ...scopeA });
    await uploadOne(ledger, taken);
    const guess = async (on: Ledger, pin: string) => {
      const request = { reason: "wrong ticket", clerkId: "sup-a", pin, at: new Date(start).toISOString() };
      const outcome = await on.void(taken.id, request, scopeA);
      return outcome.kind === "result" ? outcome.result.reason : outcome.kind;
    };
    const reasons: (string | undefined)[] = [];
    for (let i = 0; i < maxPinFailures; i += 1)
      reasons.push(await guess(i % 2 === 0 ? ledger : peerLedger, `00000${i}`));
    reasons.push(await guess(peerLedger, "246810"));
    t.deepEqual(reasons, [...Array(maxPinFailures).fill("wrong_pin"), "pin_locked"]);
    const guard = await peer.voidPinGuard("kiosk-1", "sup-a");
    t.like(guard, { failures: 0, locks: 1 });
    const restarted = new Ledger({ store: peer, logger: silentLogger, now, voidWindowHours: 24 });
    t.is(await guess(restarted, "246810"), "pin_locked", "a new ledger on the store keeps the lock");
    t.deepEqual(await peer.voidPinGuard("kiosk-2", "sup-a"), openGuard, "another device is not locked out");
  });

  test("void PIN misses counted at once through two processes are each counted", async (t) => {
    const { store, peer } = await make(t);
    const misses = 2 * maxPinFailures;
    await Promise.all(
      Array.from({ length: misses }, (_, i) =>
        (i % 2 === 0 ? store : peer).updateVoidPinGuard("kiosk-1", "sup-a", (held) => afterMiss(held, start)),
      ),
    );
    t.like(await store.voidPinGuard("kiosk-1", "sup-a"), { failures: 0, locks: 2 });
    t.like(await peer.updateVoidPinGuard("kiosk-1", "sup-a", () => openGuard), openGuard);
    t.deepEqual(await store.voidPinGuard("kiosk-1", "sup-a"), openGuard);
  });
  // Dump and restore (central/store/dumpRecord.ts).

  test("a dump loads into an empty store as the same records: tokens, replays, units and feeds go on; a store with records refuses it", async (t) => {
    const { ledger, store } = await ledgers(make, t);
    const online = makeRedemption({ ticketCode: "FIVE-5", ...scopeA, quantity: 2 });
    const first = makeRedemption({ ticketCode: "LAST-1", ...scopeA, offline: true });
    const conflict = makeRedemption({ ticketCode: "LAST-1", ...scopeB, offline: true });
    for (const redemption of [online, first, conflict]) await uploadOne(ledger, redemption);
    const request = {
      reason: "wrong ticket",
      clerkId: "sup-a",
      pin: "246810",
      at: new Date(start).toISOString(),
    };
    await ledger.void(online.id, request, scopeA);
    await ledger.void(
      makeRedemption().id,
      { reason: "abandoned", at: new Date(start).toISOString() },
      scopeA,
    );
    const issued = await ledger.issueToken("kiosk-1", "store-a");
    if (!issued.ok) throw new Error("no token");
    await ledger.heartbeat(scopeA, { version: "1" } as never);

    const dumped = await dumpOf(store);
    const order = dumped.map((record) => dumpKinds.indexOf(record.kind));
    t.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
      "the kinds in the dump's order",
    );
    t.deepEqual(new Set(dumped.map((record) => record.kind)), new Set(dumpKinds));
    const { store: restored } = await make(t);
    t.like(await restored.load(batchesOf(dumped)), { kind: "loaded", records: dumped.length });
    t.deepEqual(await dumpOf(restored), dumped);
    t.deepEqual(await restored.feedAt(1_000), await store.feedAt(1_000));
    t.deepEqual(await restored.load(batchesOf(dumped)), { kind: "not_empty" });

    const again = new Ledger({
      store: restored,
      logger: silentLogger,
      now: () => new Date(start + 60_000),
      voidWindowHours: 24,
    });
    t.like(await restored.findToken(issued.token), {
      kind: "device",
      deviceId: "kiosk-1",
      pinKey: issued.pinKey,
    });
    t.like(await uploadOne(again, first), { status: "duplicate", original: "accepted" });
    t.like(await uploadOne(again, { ...first, quantity: 2 }), { status: "rejected", reason: "id_reused" });
    t.like(await uploadOne(again, conflict), { status: "duplicate", original: "conflict" });
    // The units are where they were: one left on FIVE-5 after its void gave two back… and a new
    // upload takes the next rev after the old head, so a kiosk's cursor finds it.
    const { headRev: head } = await restored.feedAt(0);
    t.like(await uploadOne(again, makeRedemption({ ticketCode: "FIVE-5", ...scopeA, quantity: 5 })), {
      status: "accepted",
      ticket: { redeemedUnits: 5 },
    });
    const page = await restored.ticketsOfStoreSince("store-a", head, 10);
    t.deepEqual(
      page.tickets.map((ticket) => ticket.code),
      ["FIVE-5"],
    );
    t.like(await uploadOne(again, makeRedemption({ ticketCode: "LAST-1", ...scopeA })), {
      reason: "fully_redeemed",
    });
  });

  test("the feed's position: the last rev handed out, and the time of the newest change at or below a rev", async (t) => {
    const { ledger, store } = await ledgers(make, t);
    const imported = await store.feedAt(1_000);
    t.is(imported.headRev, 5, "the catalogue's five tickets");
    t.not(imported.changedAt, undefined);
    t.deepEqual(await store.feedAt(0), { headRev: 5, changedAt: undefined });
    const result = await uploadOne(ledger, makeRedemption({ ticketCode: "FIVE-5", ...scopeA }));
    const after = await store.feedAt(6);
    t.deepEqual(after, { headRev: 6, changedAt: result.ticket?.updatedAt });
    t.true(Date.parse(after.changedAt ?? "") > Date.parse(imported.changedAt ?? ""));
    t.is((await store.feedAt(5)).changedAt, imported.changedAt, "older changes keep their time");
  });

  pairingCodeContract(test, make);
}

async function dumpOf(store: LedgerStore): Promise<DumpRecord[]> {
  const records: DumpRecord[] = [];
  for await (const batch of store.dump()) records.push(...batch);
  return records;
}

async function* batchesOf(records: readonly DumpRecord[]): AsyncGenerator<DumpRecord[]> {
  for (let at = 0; at < records.length; at += 3) yield records.slice(at, at + 3);
}
