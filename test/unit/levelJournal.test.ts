import test from "ava";
import { LevelJournal } from "../../device/levelJournal.js";
import { range } from "../../device/ticketIndex.js";
import { makeRedemption, makeTicket } from "../helpers/fixtures.js";
import { openTempJournal } from "../helpers/tempJournal.js";

const openJournal = openTempJournal;

test("an intent counts against its ticket until the server closes it", async (t) => {
  const { journal } = await openJournal(t);
  const redemption = makeRedemption({ seq: journal.nextSeq(), quantity: 2 });
  await journal.recordIntent(redemption);
  t.is(journal.pendingUnits(redemption.ticketCode), 2);
  t.is(journal.pendingSummary().count, 1);
  await journal.decide(redemption.id, {
    kind: "accepted",
    ticket: makeTicket({ redeemedUnits: 2, updatedAt: "2026-11-27T09:00:00Z" }),
  });
  t.is(journal.pendingUnits(redemption.ticketCode), 0);
  t.is(journal.pendingSummary().count, 0);
  t.is(
    (await journal.ticketCache.getTicket(redemption.ticketCode))?.redeemedUnits,
    2,
    "the server's snapshot came with the answer",
  );
  t.like(await journal.get(redemption.id), { disposition: "redeemed", sync: "acknowledged" });
});

test("an offline redemption stays open, is uploaded, and closes on the verdict", async (t) => {
  const { journal } = await openJournal(t);
  const redemption = makeRedemption({ seq: journal.nextSeq() });
  await journal.recordIntent(redemption);
  t.deepEqual(await journal.openEntries(10), [], "an undecided intent is not uploaded yet");
  await journal.decide(redemption.id, { kind: "offline_redeemed" });
  const open = await journal.openEntries(10);
  t.is(open.length, 1);
  t.is(open[0]?.action, "upload");
  t.true(open[0]?.redemption.offline);
  await journal.applyResults([
    {
      id: redemption.id,
      status: "conflict",
      ticket: makeTicket({ redeemedUnits: 6, updatedAt: "2026-11-27T09:00:00Z" }),
    },
  ]);
  t.like(await journal.get(redemption.id), { disposition: "redeemed", sync: "conflict" });
  t.deepEqual(await journal.openEntries(10), []);
});

test("a duplicate closes with the original verdict", async (t) => {
  const { journal } = await openJournal(t);
  const redemption = makeRedemption({ seq: journal.nextSeq() });
  await journal.recordIntent(redemption);
  await journal.decide(redemption.id, { kind: "offline_redeemed" });
  await journal.applyResults([
    { id: redemption.id, status: "duplicate", original: "rejected", reason: "expired" },
  ]);
  t.like(await journal.get(redemption.id), { sync: "rejected", reason: "expired" });
});

test("everything survives a reopen, and undecided intents become abandoned cancellations", async (t) => {
  const { journal, location } = await openJournal(t);
  const kept = makeRedemption({ seq: journal.nextSeq(), quantity: 3 });
  const interrupted = makeRedemption({ seq: journal.nextSeq(), ticketCode: "OTHER-CODE-1" });
  await journal.recordIntent(kept);
  await journal.decide(kept.id, { kind: "offline_redeemed" });
  await journal.recordIntent(interrupted);
  await journal.close();

  const reopened = new LevelJournal(location);
  await reopened.open();
  t.teardown(() => reopened.close());
  t.is(reopened.pendingUnits(kept.ticketCode), 3);
  t.is(reopened.nextSeq(), interrupted.seq + 1, "the sequence continues after a restart");
  t.is(await reopened.abandonUndecided(), 1);
  t.is(reopened.pendingUnits("OTHER-CODE-1"), 0, "an abandoned intent no longer counts");
  const actions = (await reopened.openEntries(10)).map((e) => [e.redemption.id, e.action]);
  t.deepEqual(actions, [
    [kept.id, "upload"],
    [interrupted.id, "cancel"],
  ]);
  await reopened.closeCancelled(interrupted.id, undefined);
  t.is(reopened.pendingSummary().count, 1);
  const exported = [];
  for await (const entry of reopened.entries()) exported.push(entry.redemption.id);
  t.deepEqual(exported, [kept.id, interrupted.id], "export is oldest first");
});

test("an older snapshot never replaces a newer one", async (t) => {
  const { journal } = await openJournal(t);
  await journal.ticketCache.storeTicketPage(
    [makeTicket({ redeemedUnits: 2, updatedAt: "2026-11-27T09:00:00Z" })],
    "7",
    true,
    new Date(),
  );
  await journal.ticketCache.storeTicketPage(
    [makeTicket({ redeemedUnits: 1, updatedAt: "2026-11-27T08:00:00Z" })],
    "8",
    false,
    new Date(),
  );
  t.is((await journal.ticketCache.getTicket("QK7R-2M9X-TB4A"))?.redeemedUnits, 2);
  t.is(journal.ticketCache.cursor(), "8");
});

test("a void recorded on an open entry survives the verdict that closes it", async (t) => {
  const { journal } = await openJournal(t);
  const redemption = makeRedemption({ seq: journal.nextSeq() });
  await journal.recordIntent(redemption);
  await journal.decide(redemption.id, { kind: "offline_redeemed" });
  const voidRecord = { reason: "wrong ticket", clerkId: "clerk-1", at: "2026-11-27T08:05:00.000Z" };
  await journal.recordVoid(redemption.id, voidRecord);
  await journal.applyResults([{ id: redemption.id, status: "accepted" }]);
  await journal.close();
  await journal.open();
  t.like(await journal.get(redemption.id), {
    sync: "acknowledged",
    void: { ...voidRecord, sync: "pending" },
  });
});

/** Tickets of several slices, each with its own code, order, customer and one of two products. */
function manyTickets(count: number, updatedAt: string) {
  return Array.from({ length: count }, (_, n) =>
    makeTicket({
      code: `BULK-${String(n).padStart(4, "0")}-AAAA`,
      orderNumber: `#${200000 + n}`,
      productName: n % 2 === 0 ? "深層按摩 60 分鐘券" : "足底按摩 30 分鐘券",
      customer: { name: `客人${n}`, phone: `09${String(n).padStart(8, "0")}` },
      updatedAt,
    }),
  );
}

/** How many tickets the index leads to from names starting with `name`. */
async function codesByName(journal: LevelJournal, name: string): Promise<number> {
  let count = 0;
  for await (const _code of journal.ticketCache.indexedCodes(range("n", name))) count += 1;
  return count;
}

test("a page of many slices is stored whole with its cursor, its index and its product counts", async (t) => {
  const { journal, location } = await openJournal(t);
  const first = manyTickets(1100, "2026-11-27T08:00:00Z");
  // An intent recorded while the page is stored: its seq must not be lost to the page's meta.
  const redemption = makeRedemption({ seq: journal.nextSeq() });
  await Promise.all([
    journal.ticketCache.storeTicketPage(first, "1100", true, new Date()),
    journal.recordIntent(redemption),
  ]);
  t.is(journal.ticketCache.cursor(), "1100");
  t.is(
    (await journal.ticketCache.getTickets(first.map((ticket) => ticket.code))).filter(Boolean).length,
    1100,
  );
  t.is(await codesByName(journal, "客人"), 1100, "every ticket indexed");
  t.deepEqual(
    (await journal.ticketCache.productNames()).sort(),
    ["深層按摩 60 分鐘券", "足底按摩 30 分鐘券"].sort(),
  );

  // Every ticket moves to the first product and a new customer: stale keys go, counts follow.
  const moved = manyTickets(1100, "2026-11-27T09:00:00Z").map((ticket) => ({
    ...ticket,
    productName: "深層按摩 60 分鐘券",
    customer: { ...ticket.customer, name: `新${ticket.customer.name}` },
  }));
  await journal.ticketCache.storeTicketPage(moved, "2200", true, new Date());
  t.is(await codesByName(journal, "客人"), 0, "the old names' keys are gone");
  t.is(await codesByName(journal, "新客人"), 1100, "the new names' keys are there");
  t.deepEqual(await journal.ticketCache.productNames(), ["深層按摩 60 分鐘券"]);
  await journal.close();

  const reopened = new LevelJournal(location);
  await reopened.open();
  t.teardown(() => reopened.close());
  t.is(reopened.ticketCache.cursor(), "2200");
  t.true(reopened.nextSeq() > redemption.seq, "the sequence continues after the intent");
});

test("a wrong-PIN lockout saved while a page is stored survives a reopen, and so does the cursor", async (t) => {
  const { journal, location } = await openJournal(t);
  const lockout = { failures: 5, lockedUntilMs: Date.parse("2026-11-27T09:05:00Z"), locks: 1 };
  await Promise.all([
    journal.ticketCache.storeTicketPage(manyTickets(600, "2026-11-27T08:00:00Z"), "600", true, new Date()),
    journal.clerkStore.saveLoginGuard(lockout),
  ]);
  await journal.close();

  const reopened = new LevelJournal(location);
  await reopened.open();
  t.teardown(() => reopened.close());
  t.deepEqual(reopened.clerkStore.loginGuard(), lockout);
  t.is(reopened.ticketCache.cursor(), "600");
});

test("the pending summary counts open entries and dates the one waiting longest, also after a reopen", async (t) => {
  const { journal, location } = await openJournal(t);
  const first = makeRedemption({ seq: journal.nextSeq(), redeemedAt: "2026-11-27T08:00:00.000Z" });
  const second = makeRedemption({ seq: journal.nextSeq(), redeemedAt: "2026-11-27T08:05:00.000Z" });
  t.deepEqual(journal.pendingSummary(), { count: 0, oldestAtMs: undefined });
  await journal.recordIntent(first);
  await journal.recordIntent(second);
  await journal.decide(first.id, { kind: "offline_redeemed" });
  await journal.decide(second.id, { kind: "offline_redeemed" });
  t.deepEqual(journal.pendingSummary(), { count: 2, oldestAtMs: Date.parse(first.redeemedAt) });
  await journal.close();

  const reopened = new LevelJournal(location);
  await reopened.open();
  t.teardown(() => reopened.close());
  t.deepEqual(reopened.pendingSummary(), { count: 2, oldestAtMs: Date.parse(first.redeemedAt) });
  await reopened.applyResults([{ id: first.id, status: "accepted" }]);
  t.deepEqual(reopened.pendingSummary(), { count: 1, oldestAtMs: Date.parse(second.redeemedAt) });
});

test("an open entry marked for attention is listed and counted once, across a reopen, and leaves the list when it closes", async (t) => {
  const { journal, location } = await openJournal(t);
  const redemption = makeRedemption({ seq: journal.nextSeq() });
  await journal.recordIntent(redemption);
  await journal.decide(redemption.id, { kind: "offline_redeemed" });
  const attention = {
    problem: "upload_refused",
    detail: "HTTP 400",
    at: "2026-11-27T08:00:00.000Z",
  } as const;
  await journal.markAttention(redemption.id, attention);
  await journal.markAttention(redemption.id, attention);
  t.is(journal.exceptionCount(), 1);
  t.like(await journal.exceptions(10), [{ sync: "pending", attention }]);
  t.is(journal.pendingSummary().count, 1, "still open");

  await journal.close();
  const reopened = new LevelJournal(location);
  await reopened.open();
  t.teardown(() => reopened.close());
  t.is(reopened.exceptionCount(), 1);
  await reopened.applyResults([{ id: redemption.id, status: "accepted" }]);
  t.is(reopened.exceptionCount(), 0);
  t.deepEqual(await reopened.exceptions(10), []);
  t.like(await reopened.get(redemption.id), { sync: "acknowledged", attention: undefined });
});

test("a batch of verdicts is stored in slices, the event loop running between them (issue 16)", async (t) => {
  const { journal } = await openJournal(t);
  const ids: string[] = [];
  for (let i = 0; i < 120; i += 1) {
    const redemption = makeRedemption({ seq: journal.nextSeq(), ticketCode: `CODE-${i}` });
    await journal.recordIntent(redemption);
    await journal.decide(redemption.id, { kind: "offline_redeemed" });
    ids.push(redemption.id);
  }
  // What a check on each turn of the loop sees open while the verdicts are written.
  const seen = new Set<number>();
  let storing = true;
  const watch = () => {
    seen.add(journal.pendingSummary().count);
    if (storing) setImmediate(watch);
  };
  watch();
  await journal.applyResults(ids.map((id) => ({ id, status: "accepted" as const })));
  storing = false;
  seen.add(journal.pendingSummary().count);
  t.deepEqual([...seen], [120, 70, 20, 0], "closed 50 at a time, with turns of the loop between");
});
