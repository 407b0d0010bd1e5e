/**
 * The contract of the web console's data operations (central/console/data/) over both adapters of
 * the ledger's store: an adapter's test file calls `consoleDataContract` with a factory of an open,
 * empty store. Records are made the way kiosks make them, through the Ledger's uploads.
 */
import type { TestFn } from "ava";
import { listClerks, setClerkEnabled, setClerkPin } from "../../central/console/data/clerkAdmin.js";
import type { ConsoleLedgerStore } from "../../central/console/data/consoleStores.js";
import { dayReconciliation, dayReconciliationCsv } from "../../central/console/data/dayReconciliation.js";
import { changeDevice, listDevices } from "../../central/console/data/deviceAdmin.js";
import {
  exceptionsCsv,
  listExceptions,
  listRefusedUploads,
} from "../../central/console/data/exceptionList.js";
import { resolveException } from "../../central/console/data/exceptionResolve.js";
import { applyImport, previewImport } from "../../central/console/data/importPreview.js";
import { redemptionDetail } from "../../central/console/data/redemptionDetail.js";
import { listRedemptions, redemptionsCsv } from "../../central/console/data/redemptionList.js";
import { voidRedemption } from "../../central/console/data/redemptionVoid.js";
import { searchTickets, ticketDetail } from "../../central/console/data/ticketSearch.js";
import type { Viewer } from "../../central/console/data/viewer.js";
import { Ledger } from "../../central/ledger.js";
import type { Redemption } from "../../device/domain.js";
import { silentLogger } from "../../device/logger.js";
import { verifyPin } from "../../device/pinHash.js";
import { newPinKey, parsePinKey } from "../../device/pinVerifier.js";
import type { Heartbeat } from "../../device/ports/wire.js";
import { makeRedemption } from "./fixtures.js";
import { contractCatalogue } from "./ledgerStoreContract.js";

export type ConsoleStoreFactory = (t: {
  teardown(fn: () => Promise<void>): void;
}) => Promise<ConsoleLedgerStore>;

const start = Date.parse("2026-11-27T08:00:00.000Z");
const hq: Viewer = { role: "hq" };
const managerA: Viewer = { role: "manager", stores: ["store-a"] };
const managerB: Viewer = { role: "manager", stores: ["store-b"] };
const windowMs = 24 * 3_600_000;

/** A kiosk's heartbeat with a backlog, a printer out of paper and an unsynchronised clock. */
export const consoleHeartbeat: Heartbeat = {
  version: "1.4.0",
  pendingSync: 3,
  oldestPendingAgeS: 120,
  lastSyncAt: null,
  online: true,
  scanner: "ready",
  printer: "paper_out",
  clockSynced: false,
  exceptions: 0,
  deviceTime: "2026-11-27T08:10:00.000Z",
};

/** A store holding the contract catalogue, a ledger on it whose clock moves a second per reading. */
async function consoleLedger(make: ConsoleStoreFactory, t: Parameters<ConsoleStoreFactory>[0]) {
  const store = await make(t);
  let clock = start;
  const now = () => {
    clock += 1000;
    return new Date(clock);
  };
  const ledger = new Ledger({ store, logger: silentLogger, now, voidWindowHours: 24 });
  const imported = await ledger.importDocument(contractCatalogue());
  if (!imported.ok) throw new Error(`catalogue refused: ${JSON.stringify(imported.problems)}`);
  const upload = async (...redemptions: Redemption[]) => {
    for (const redemption of redemptions) {
      const scope = { deviceId: redemption.deviceId, storeId: redemption.storeId };
      await ledger.upload([redemption], scope);
    }
  };
  return { store, ledger, upload, now };
}

/** A few records of both stores: online, offline, a conflict, a clerk's, another store's. */
function chainRecords() {
  const a1 = { deviceId: "kiosk-1", storeId: "store-a" };
  const a2 = { deviceId: "kiosk-2", storeId: "store-a" };
  const b9 = { deviceId: "kiosk-9", storeId: "store-b" };
  return {
    online: makeRedemption({ ticketCode: "FIVE-5", ...a1, clerkId: "sup-a" }),
    offlineFirst: makeRedemption({ ticketCode: "LAST-1", ...a1, offline: true }),
    conflict: makeRedemption({ ticketCode: "LAST-1", ...a2, offline: true }),
    otherStore: makeRedemption({ ticketCode: "BEE-2", ...b9, clerkId: "clerk-b" }),
    anyStore: makeRedemption({
      ticketCode: "ANY-3",
      ...a2,
      redeemedAt: "2026-11-26T08:00:00.000Z",
      offline: true,
    }),
  };
}

export function consoleDataContract(test: TestFn, make: ConsoleStoreFactory): void {
  test("核銷紀錄: filters, the viewer's stores only, a total, newest first", async (t) => {
    const { store, upload } = await consoleLedger(make, t);
    const r = chainRecords();
    await upload(r.online, r.offlineFirst, r.conflict, r.otherStore, r.anyStore);
    const ids = async (viewer: Viewer, filter: Parameters<typeof listRedemptions>[2]) => {
      const page = await listRedemptions(store, viewer, filter, { limit: 50 });
      t.is(page.total, page.rows.length);
      return page.rows.map((row) => row.id);
    };
    t.deepEqual(
      await ids(hq, {}),
      [r.anyStore, r.otherStore, r.conflict, r.offlineFirst, r.online].map((x) => x.id),
    );
    t.deepEqual(await ids(managerB, {}), [r.otherStore.id]);
    t.deepEqual(
      await ids(managerB, { storeId: "store-a" }),
      [],
      "a manager asking for another store gets nothing",
    );
    t.deepEqual(await ids(hq, { storeId: "store-b" }), [r.otherStore.id]);
    t.deepEqual(await ids(hq, { deviceId: "kiosk-2" }), [r.anyStore.id, r.conflict.id]);
    t.deepEqual(await ids(hq, { clerkId: "sup-a" }), [r.online.id]);
    t.deepEqual(await ids(hq, { productName: "商品 LAST-1" }), [r.conflict.id, r.offlineFirst.id]);
    t.deepEqual(await ids(managerA, { offline: false }), [r.online.id]);
    t.deepEqual(await ids(hq, { conflict: true }), [r.conflict.id]);
    t.deepEqual(await ids(hq, { state: "conflict" }), [r.conflict.id]);
    t.deepEqual(await ids(hq, { until: "2026-11-27T00:00:00.000Z" }), [r.anyStore.id]);
    t.deepEqual(await ids(hq, { from: "2026-11-27T00:00:00.000Z", offline: true }), [
      r.conflict.id,
      r.offlineFirst.id,
    ]);
    const [row] = (await listRedemptions(store, hq, { clerkId: "sup-a" }, { limit: 1 })).rows;
    t.like(row, {
      slipRef: r.online.id.slice(0, 8),
      storeId: "store-a",
      productName: "商品 FIVE-5",
      state: "accepted",
      offline: false,
    });
  });

  test("核銷紀錄 pages by key: records arriving between pages shift nothing", async (t) => {
    const { store, upload } = await consoleLedger(make, t);
    const a = { deviceId: "kiosk-1", storeId: "store-a" };
    const first = Array.from({ length: 5 }, () => makeRedemption({ ticketCode: "FIVE-5", ...a }));
    await upload(...first);
    const page1 = await listRedemptions(store, managerA, {}, { limit: 2 });
    t.is(page1.total, 5);
    await upload(
      makeRedemption({ ticketCode: "ANY-3", ...a }),
      makeRedemption({ ticketCode: "ANY-3", ...a }),
    );
    const seen = page1.rows.map((row) => row.id);
    let before = page1.next;
    while (before !== undefined) {
      const page = await listRedemptions(store, managerA, {}, { before, limit: 2 });
      seen.push(...page.rows.map((row) => row.id));
      before = page.next;
    }
    t.deepEqual(seen, first.map((redemption) => redemption.id).reverse());
  });

  test("核銷紀錄 as CSV: a byte order mark, CRLF, formula cells defused, only the viewer's rows", async (t) => {
    const { store, ledger, upload } = await consoleLedger(make, t);
    const hostile = {
      code: "CSV-1",
      productName: '=HYPERLINK("http://x","點我")',
      totalUnits: 2,
      redeemedUnits: 0,
      status: "active" as const,
      storeIds: ["store-a"],
    };
    const imported = await ledger.importDocument({
      stores: [{ id: "store-a", name: "台北信義店" }],
      clerks: [],
      orders: [
        {
          orderNumber: "#csv",
          createdAt: "2026-11-20T10:00:00+08:00",
          customer: { name: "王", phone: "0900000000" },
          tickets: [hostile],
        },
      ],
    });
    t.true(imported.ok);
    const mine = makeRedemption({ ticketCode: "CSV-1", deviceId: "kiosk-1", storeId: "store-a" });
    await upload(mine, makeRedemption({ ticketCode: "BEE-2", deviceId: "kiosk-9", storeId: "store-b" }));
    const chunks: Buffer[] = [];
    for await (const chunk of redemptionsCsv(store, managerA, {})) chunks.push(Buffer.from(chunk));
    const bytes = Buffer.concat(chunks);
    t.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").split("\r\n");
    t.is(lines[0]?.split(",")[0], "id");
    t.is(lines.length, 3, "the header, one row of store-a, and the end");
    t.true(lines[1]?.startsWith(`${mine.id},${mine.id.slice(0, 8)},`));
    t.true(lines[1]?.includes(`,"'=HYPERLINK(""http://x"",""點我"")",`));
    t.is(lines[2], "");
  });

  test("one redemption: its ticket, order, slip ref and sync state; another store's id is not found to a manager", async (t) => {
    const { store, upload } = await consoleLedger(make, t);
    const r = chainRecords();
    await upload(r.offlineFirst, r.otherStore);
    const found = await redemptionDetail(store, managerA, r.offlineFirst.id);
    if (found.kind !== "found") return t.fail("not found");
    t.like(found.detail, {
      row: { slipRef: r.offlineFirst.id.slice(0, 8), state: "accepted" },
      ticket: { code: "LAST-1", orderNumber: "#1" },
      order: { orderNumber: "#1", createdAt: "2026-11-20T10:02:00+08:00" },
      sync: { offline: true, deviceTime: r.offlineFirst.redeemedAt, clockSynced: true },
      voided: undefined,
    });
    t.true(found.detail.sync.delayS >= 1);
    t.deepEqual(await redemptionDetail(store, managerA, r.otherStore.id), { kind: "not_found" });
    t.is((await redemptionDetail(store, hq, r.otherStore.id)).kind, "found");
  });

  test("取消核銷 from the console: the server's void rule, the viewer's stores, units back on the kiosks' feed", async (t) => {
    const { store, upload } = await consoleLedger(make, t);
    const r = chainRecords();
    await upload(r.online, r.otherStore);
    const request = {
      actor: "mgr-amy",
      id: r.online.id,
      reason: "客人退貨",
      now: new Date(start + 3_600_000),
      windowMs,
    };
    const revBefore = (await store.getTicket("FIVE-5"))?.rev ?? 0;
    t.deepEqual((await voidRedemption(store, { ...request, viewer: managerA, reason: "  " })).outcome, {
      kind: "reason_invalid",
    });
    t.deepEqual((await voidRedemption(store, { ...request, viewer: managerB })).outcome, {
      kind: "not_found",
    });
    const late = { ...request, viewer: managerA, now: new Date(start + windowMs + 60_000) };
    t.deepEqual((await voidRedemption(store, late)).outcome, { kind: "void_window_passed" });
    const voided = await voidRedemption(store, { ...request, viewer: managerA });
    t.like(voided.outcome, { kind: "voided", ticket: { code: "FIVE-5", redeemedUnits: 0 } });
    t.deepEqual(voided.audit, {
      action: "redemption.void",
      target: r.online.id,
      detail: "voided by mgr-amy: 客人退貨",
    });
    t.deepEqual((await voidRedemption(store, { ...request, viewer: hq })).outcome, { kind: "duplicate" });
    const record = await store.getRedemption(r.online.id);
    t.like(record?.voided, { reason: "客人退貨", at: "2026-11-27T09:00:00.000Z" });
    // What a kiosk of store-a downloads next: the ticket with its unit given back.
    const feed = await store.ticketsOfStoreSince("store-a", revBefore, 10);
    t.deepEqual(
      feed.tickets.map((ticket) => [ticket.code, ticket.redeemedUnits]),
      [["FIVE-5", 0]],
    );
    const listed = await listRedemptions(store, hq, { state: "voided" }, { limit: 10 });
    t.deepEqual(
      listed.rows.map((row) => row.id),
      [r.online.id],
    );
  });

  test("例外清單: conflicts, offline refusals, late and clock-suspect entries; resolved once with a note", async (t) => {
    const { store, ledger, upload } = await consoleLedger(make, t);
    const a1 = { deviceId: "kiosk-1", storeId: "store-a" };
    const r = chainRecords();
    // Made more than a day before the server got it, from a clock the kiosk trusted.
    const late = makeRedemption({
      ticketCode: "FIVE-5",
      ...a1,
      offline: true,
      redeemedAt: "2026-11-25T08:00:00.000Z",
    });
    await upload(r.online, r.offlineFirst, r.conflict, r.otherStore, late);
    // Claimed before the kiosk's last contact (less the tolerance): a suspect clock.
    await ledger.heartbeat(a1, { version: "1" } as never);
    const suspect = makeRedemption({
      ticketCode: "ANY-3",
      ...a1,
      offline: true,
      redeemedAt: "2026-11-27T07:00:00.000Z",
    });
    await upload(suspect);
    const listed = await listExceptions(store, managerA, {}, { limit: 10 });
    t.deepEqual(
      listed.rows.map((row) => [row.redemption.id, row.kinds]),
      [
        [suspect.id, ["clock_suspect"]],
        [late.id, ["late_offline"]],
        [r.conflict.id, ["conflict"]],
      ],
    );
    t.is(listed.total, 3);
    t.is((await listExceptions(store, managerB, {}, { limit: 10 })).total, 0);
    const note = { actor: "mgr-amy", note: "已聯絡客人", now: new Date(start + 7_200_000) };
    t.deepEqual(
      (await resolveException(store, { ...note, viewer: managerB, id: r.conflict.id })).outcome,
      { kind: "not_found" },
      "another store's exception is not found",
    );
    t.deepEqual((await resolveException(store, { ...note, viewer: managerA, id: r.online.id })).outcome, {
      kind: "not_found",
    });
    t.deepEqual(
      (await resolveException(store, { ...note, viewer: managerA, id: r.conflict.id, note: " " })).outcome,
      {
        kind: "note_invalid",
      },
    );
    const resolved = await resolveException(store, { ...note, viewer: managerA, id: r.conflict.id });
    t.deepEqual(resolved, {
      outcome: { kind: "resolved" },
      audit: {
        action: "exception.resolve",
        target: r.conflict.id,
        detail: "resolved by mgr-amy: 已聯絡客人",
      },
    });
    const again = await resolveException(store, { ...note, viewer: hq, actor: "hq-bob", id: r.conflict.id });
    t.deepEqual(again.outcome, { kind: "already_resolved" });
    const open = await listExceptions(store, managerA, { status: "open" }, { limit: 10 });
    t.deepEqual(
      open.rows.map((row) => row.redemption.id),
      [suspect.id, late.id],
    );
    const done = await listExceptions(store, hq, { status: "resolved" }, { limit: 1 });
    t.deepEqual(done.rows[0]?.resolution, {
      by: "mgr-amy",
      at: "2026-11-27T10:00:00.000Z",
      note: "已聯絡客人",
    });
    const paged = await listExceptions(store, managerA, {}, { limit: 2 });
    t.deepEqual(
      [
        ...paged.rows,
        ...(await listExceptions(store, managerA, {}, { before: paged.next ?? 0, limit: 2 })).rows,
      ].map((row) => row.redemption.id),
      [suspect.id, late.id, r.conflict.id],
    );
    const chunks: Buffer[] = [];
    for await (const chunk of exceptionsCsv(store, managerA, { status: "resolved" }))
      chunks.push(Buffer.from(chunk));
    const lines = Buffer.concat(chunks).toString("utf8").split("\r\n");
    t.is(lines.length, 3);
    t.regex(lines[1] ?? "", /,conflict,resolved,mgr-amy,2026-11-27T10:00:00.000Z,已聯絡客人$/);
  });

  test("例外清單: uploads refused whole, per store, resolved with a note", async (t) => {
    const { store, ledger } = await consoleLedger(make, t);
    const refusal = { status: 403, code: "scope_mismatch", message: "this token is for another store" };
    await ledger.refusedUpload({ deviceId: "kiosk-1", storeId: "store-a" }, refusal);
    await ledger.refusedUpload({ deviceId: "kiosk-9", storeId: "store-b" }, refusal);
    await ledger.refusedUpload(
      { deviceId: "kiosk-2", storeId: "store-a" },
      { ...refusal, status: 400, code: "invalid_body" },
    );
    const mine = await listRefusedUploads(store, managerA, {}, { limit: 1 });
    t.is(mine.total, 2);
    t.like(mine.rows[0]?.upload, { deviceId: "kiosk-2", code: "invalid_body" });
    const rest = await listRefusedUploads(store, managerA, {}, { before: mine.next ?? "", limit: 5 });
    t.deepEqual(
      rest.rows.map((row) => row.upload.deviceId),
      ["kiosk-1"],
    );
    t.is(rest.next, undefined);
    const id = rest.rows[0]?.upload.id ?? "";
    const note = { viewer: managerA, actor: "mgr-amy", note: "換了正確的 token", now: new Date(start) };
    t.deepEqual((await resolveException(store, { ...note, id })).outcome, { kind: "resolved" });
    t.deepEqual(
      (await listRefusedUploads(store, managerA, { status: "open" }, { limit: 5 })).rows.map(
        (row) => row.upload.deviceId,
      ),
      ["kiosk-2"],
    );
    const other =
      (await listRefusedUploads(store, hq, { storeId: "store-b" }, { limit: 5 })).rows[0]?.upload.id ?? "";
    t.deepEqual((await resolveException(store, { ...note, id: other })).outcome, { kind: "not_found" });
  });

  test("票券與訂單: a code's start, an order, a phone's last digits, a name's start; the viewer's stores; paged", async (t) => {
    const { store, upload } = await consoleLedger(make, t);
    const codes = async (viewer: Viewer, kind: "code" | "order" | "phone" | "name", term: string) => {
      const found = await searchTickets(store, viewer, { kind, term }, { limit: 50 });
      return found.kind === "found" ? found.tickets.map((ticket) => ticket.code) : found.kind;
    };
    t.deepEqual(await codes(hq, "code", "A"), ["AB-2", "ANY-3"]);
    t.deepEqual(await codes(managerB, "order", "#1"), ["AB-2", "ANY-3", "BEE-2"]);
    t.deepEqual(await codes(managerA, "phone", "678"), ["AB-2", "ANY-3", "FIVE-5", "LAST-1"]);
    t.deepEqual(await codes(managerA, "phone", "0912-345-678"), ["AB-2", "ANY-3", "FIVE-5", "LAST-1"]);
    t.deepEqual(await codes(hq, "phone", "12"), "term_too_short");
    t.deepEqual(await codes(hq, "phone", "999"), []);
    t.deepEqual(await codes(managerB, "name", "陳"), ["AB-2", "ANY-3", "BEE-2"]);
    t.deepEqual(await codes(hq, "name", "怡君"), [], "a name's start, not any part of it");
    const first = await searchTickets(store, hq, { kind: "name", term: "陳怡" }, { limit: 2 });
    if (first.kind !== "found") return t.fail(first.kind);
    const rest = await searchTickets(
      store,
      hq,
      { kind: "name", term: "陳怡" },
      { after: first.next ?? "", limit: 10 },
    );
    if (rest.kind !== "found") return t.fail(rest.kind);
    t.deepEqual(
      [...first.tickets, ...rest.tickets].map((ticket) => ticket.code),
      ["AB-2", "ANY-3", "BEE-2", "FIVE-5", "LAST-1"],
    );
    t.is(rest.next, undefined);

    const r = chainRecords();
    await upload(
      r.anyStore,
      makeRedemption({ ticketCode: "ANY-3", deviceId: "kiosk-9", storeId: "store-b" }),
    );
    const detail = await ticketDetail(store, managerA, "ANY-3");
    if (detail.kind !== "found") return t.fail(detail.kind);
    t.deepEqual(detail.detail.units, { total: 3, redeemed: 2, imported: 0, atKiosks: 2, remaining: 1 });
    t.deepEqual(
      detail.detail.history.map((row) => row.id),
      [r.anyStore.id],
      "only the viewer's stores' redemptions",
    );
    t.deepEqual(await ticketDetail(store, managerB, "FIVE-5"), { kind: "not_found" });
  });

  test("匯入 preview: every row's error, what would change, nothing written; then applied", async (t) => {
    const { store, ledger } = await consoleLedger(make, t);
    const header =
      "orderNumber,createdAt,customerName,customerPhone,code,productName,variantName,totalUnits,redeemedUnits,validFrom,validUntil,status,storeIds";
    const row = (code: string, product: string, units: string) =>
      `#1,2026-11-20T10:02:00+08:00,陳怡君,0912345678,${code},${product},,${units},0,,,active,store-a`;
    const file = (rows: string[]) => ({
      name: "orders.csv",
      format: "csv" as const,
      bytes: new TextEncoder().encode(`\uFEFF${[header, ...rows].join("\n")}\n`),
    });
    const bad = file([row("FIVE-5", "商品 FIVE-5", "5"), row("NEW-1", "新商品", "many")]);
    t.deepEqual(await previewImport(store, hq, bad), {
      kind: "problems",
      problems: [{ location: "line 3, column totalUnits", message: 'expected number, received "many"' }],
    });
    t.deepEqual(await previewImport(store, managerA, bad), { kind: "forbidden" });
    const revBefore = (await store.getTicket("LAST-1"))?.rev;
    const good = file([
      row("LAST-1", "商品 LAST-1", "1"),
      row("FIVE-5", "商品 FIVE-5 改名", "5"),
      row("NEW-1", "新商品", "2"),
    ]);
    const preview = await previewImport(store, hq, good);
    if (preview.kind !== "ready") return t.fail(JSON.stringify(preview));
    t.deepEqual(preview.tickets, { created: ["NEW-1"], updated: ["FIVE-5"], unchanged: ["LAST-1"] });
    t.is(await store.getTicket("NEW-1"), undefined, "a preview writes nothing");
    t.is((await store.getTicket("LAST-1"))?.rev, revBefore);
    const applied = await applyImport(ledger, hq, "hq-bob", good);
    t.like(applied.outcome, { kind: "applied", ok: true, summary: { tickets: { created: 1 } } });
    t.like(applied.audit, { action: "import.apply", target: "orders.csv" });
    t.is((await store.getTicket("NEW-1"))?.ticket.productName, "新商品");
    t.like((await previewImport(store, hq, good)) as object, {
      tickets: { created: [], updated: [], unchanged: ["LAST-1", "FIVE-5", "NEW-1"] },
    });
  });

  test("店員: per store with roles; a PIN under the policy, rule by rule; disabled clerks leave the kiosks' list, also after an import", async (t) => {
    const { store, ledger } = await consoleLedger(make, t);
    const rows = async (viewer: Viewer, storeId?: string) =>
      (await listClerks(store, viewer, storeId)).map((clerk) => [clerk.id, clerk.role, clerk.disabled]);
    t.deepEqual(await rows(managerA), [
      ["both", "redeem", false],
      ["sup-a", "supervisor", false],
    ]);
    t.deepEqual(await rows(hq, "store-b"), [
      ["both", "redeem", false],
      ["clerk-b", "redeem", false],
    ]);
    t.deepEqual(await rows(managerA, "store-b"), []);
    const pin = (viewer: Viewer, clerkId: string, value: string) =>
      setClerkPin(store, { viewer, actor: "mgr-amy", clerkId, pin: value });
    t.deepEqual((await pin(managerA, "sup-a", "12ab")).outcome, { kind: "pin_not_digits" });
    t.deepEqual((await pin(managerA, "sup-a", "12345")).outcome, {
      kind: "pin_too_short",
      role: "supervisor",
      least: 6,
    });
    t.deepEqual((await pin(managerA, "clerk-b", "123456")).outcome, { kind: "not_found" });
    t.deepEqual(
      (await pin(managerA, "both", "123456")).outcome,
      { kind: "forbidden" },
      "it works at store-b too",
    );
    const before = await store.getClerk("sup-a");
    const set = await pin(managerA, "sup-a", "135790");
    t.deepEqual(set, {
      outcome: { kind: "pin_set" },
      audit: { action: "clerk.pin", target: "sup-a", detail: "pin_set by mgr-amy" },
    });
    const after = await store.getClerk("sup-a");
    t.true(await verifyPin("135790", after?.pinHash ?? ""));
    t.not(after?.updatedAt, before?.updatedAt, "kiosks see a changed clerk");

    const key = parsePinKey(newPinKey()) ?? Buffer.alloc(0);
    const synced = async () =>
      (await ledger.clerks({ deviceId: "kiosk-1", storeId: "store-a" }, key)).map((c) => c.id);
    t.deepEqual(await synced(), ["both", "sup-a"]);
    t.deepEqual(
      (await setClerkEnabled(store, { viewer: managerA, actor: "mgr-amy", clerkId: "sup-a", enabled: false }))
        .outcome,
      { kind: "disabled" },
    );
    t.deepEqual(
      (await setClerkEnabled(store, { viewer: hq, actor: "hq-bob", clerkId: "sup-a", enabled: false }))
        .outcome,
      { kind: "unchanged" },
    );
    t.deepEqual(await synced(), ["both"]);
    t.true((await ledger.importDocument(contractCatalogue())).ok);
    t.deepEqual(await synced(), ["both"], "an import does not enable a disabled clerk");
    t.deepEqual(await rows(managerA), [
      ["both", "redeem", false],
      ["sup-a", "supervisor", true],
    ]);
    await setClerkEnabled(store, { viewer: managerA, actor: "mgr-amy", clerkId: "sup-a", enabled: true });
    t.deepEqual(await synced(), ["both", "sup-a"]);
  });

  test("裝置: each kiosk of the viewer's stores with its state; renamed, moved to a store, revoked", async (t) => {
    const { store, ledger } = await consoleLedger(make, t);
    const one = await ledger.issueToken("kiosk-1", "store-a");
    await ledger.issueToken("kiosk-9", "store-b");
    if (!one.ok) return t.fail("no token");
    await ledger.heartbeat({ deviceId: "kiosk-1", storeId: "store-a" }, consoleHeartbeat, "192.0.2.7");
    const [row] = await listDevices(store, managerA);
    t.like(row, {
      deviceId: "kiosk-1",
      name: "kiosk-1",
      storeId: "store-a",
      revoked: false,
      address: "192.0.2.7",
      version: "1.4.0",
      pendingSync: 3,
      oldestPendingAgeS: 120,
      printer: "paper_out",
      scanner: "ready",
      clockSynced: false,
    });
    t.is(typeof row?.clockOffsetS, "number");
    t.deepEqual(
      (await listDevices(store, hq)).map((device) => device.deviceId),
      ["kiosk-1", "kiosk-9"],
    );
    const change = (viewer: Viewer, deviceId: string, what: Parameters<typeof changeDevice>[1]["change"]) =>
      changeDevice(store, { viewer, actor: "mgr-amy", deviceId, change: what });
    t.deepEqual((await change(managerA, "kiosk-9", { kind: "rename", name: "櫃台" })).outcome, {
      kind: "not_found",
    });
    t.deepEqual((await change(managerA, "kiosk-1", { kind: "rename", name: " " })).outcome, {
      kind: "name_invalid",
    });
    t.deepEqual(await change(managerA, "kiosk-1", { kind: "rename", name: "信義店櫃台" }), {
      outcome: { kind: "renamed" },
      audit: { action: "device.rename", target: "kiosk-1", detail: 'renamed "信義店櫃台" by mgr-amy' },
    });
    t.is((await listDevices(store, managerA))[0]?.name, "信義店櫃台");
    t.deepEqual((await change(managerA, "kiosk-1", { kind: "move", storeId: "store-b" })).outcome, {
      kind: "unknown_store",
    });
    t.deepEqual((await change(hq, "kiosk-1", { kind: "move", storeId: "store-b" })).outcome, {
      kind: "moved",
      tokens: 1,
    });
    t.like(await store.findToken(one.token), { storeId: "store-b", revoked: false });
    t.deepEqual(await listDevices(store, managerA), [], "it is store-b's now");
    t.deepEqual((await change(managerB, "kiosk-1", { kind: "revoke" })).outcome, {
      kind: "revoked",
      tokens: 1,
    });
    t.like(await ledger.authenticate(one.token), { kind: "revoked" });
    t.deepEqual((await change(managerB, "kiosk-1", { kind: "revoke" })).outcome, { kind: "unchanged" });
  });

  test("日結對帳: a store's local day (Asia/Taipei) per product, offline and voided counts, as data and CSV", async (t) => {
    const { store, upload } = await consoleLedger(make, t);
    const r = chainRecords();
    // 01:00 on the 27th in Taipei, still the 26th in UTC.
    const earlyMorning = makeRedemption({
      ticketCode: "ANY-3",
      deviceId: "kiosk-1",
      storeId: "store-a",
      offline: true,
      redeemedAt: "2026-11-26T17:00:00.000Z",
    });
    const online = { ...r.online, quantity: 2 };
    await upload(online, r.offlineFirst, r.conflict, r.otherStore, r.anyStore, earlyMorning);
    await voidRedemption(store, {
      viewer: hq,
      actor: "hq-bob",
      id: online.id,
      reason: "退貨",
      now: new Date(start + 60_000),
      windowMs,
    });
    const day = await dayReconciliation(store, managerA, { storeId: "store-a", day: "2026-11-27" });
    if (day.kind !== "report") return t.fail(day.kind);
    t.like(day.report, { from: "2026-11-26T16:00:00.000Z", until: "2026-11-27T16:00:00.000Z" });
    t.deepEqual(day.report.products, [
      { productName: "商品 ANY-3", figures: { units: 1, redemptions: 1, offline: 1, voided: 0 } },
      { productName: "商品 FIVE-5", figures: { units: 0, redemptions: 0, offline: 0, voided: 1 } },
      { productName: "商品 LAST-1", figures: { units: 2, redemptions: 2, offline: 2, voided: 0 } },
    ]);
    t.deepEqual(day.report.total, { units: 3, redemptions: 3, offline: 3, voided: 1 });
    const before = await dayReconciliation(store, hq, { storeId: "store-a", day: "2026-11-26" });
    t.like(before, { report: { total: { units: 1, redemptions: 1 } } });
    t.deepEqual(await dayReconciliation(store, managerA, { storeId: "store-b", day: "2026-11-27" }), {
      kind: "not_found",
    });
    t.deepEqual(await dayReconciliation(store, hq, { storeId: "store-a", day: "2026-02-30" }), {
      kind: "day_invalid",
    });
    const chunks: Buffer[] = [];
    for await (const chunk of dayReconciliationCsv(day.report)) chunks.push(Buffer.from(chunk));
    t.deepEqual(Buffer.concat(chunks).toString("utf8").split("\r\n"), [
      "\uFEFFstore_id,day,product_name,units,redemptions,offline,voided",
      "store-a,2026-11-27,商品 ANY-3,1,1,1,0",
      "store-a,2026-11-27,商品 FIVE-5,0,0,0,1",
      "store-a,2026-11-27,商品 LAST-1,2,2,2,0",
      "store-a,2026-11-27,(total),3,3,3,1",
      "",
    ]);
  });
}
