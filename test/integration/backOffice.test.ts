/**
 * Counter mode's back office on a real kiosk (journal on disk, the real HTTP client) against the
 * real central service: clerks synced for offline login, voids checked by the service (refused
 * offline), 核銷紀錄,
 * 詳細訂單內容, 日結 and the exceptions list.
 */
import test, { type ExecutionContext } from "ava";
import type { BackOffice } from "../../device/backOffice.js";
import { startCentral } from "../helpers/centralHarness.js";
import { startFaultProxy } from "../helpers/faultProxy.js";
import { startKioskRig } from "../helpers/kioskRig.js";
import { serverView } from "../helpers/redemptionAudit.js";

async function setup(t: ExecutionContext) {
  const central = await startCentral(t, { clock: () => new Date() });
  const proxy = await startFaultProxy(central.url);
  t.teardown(() => proxy.close());
  const { token, pinKey } = await central.deviceFor("kiosk-office", "store-a");
  const rig = await startKioskRig(t, { centralUrl: proxy.url, token, pinKey, deviceId: "kiosk-office" });
  await rig.waitForStatus((s) => s.online);
  const office = rig.kiosk.backOffice();
  if (office === undefined) throw new Error("no back office");
  // Clerks arrive with the first sync pass.
  await waitFor(async () => (await office.login("246810")).ok);
  return { central, proxy, token, rig, office };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition never held");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function remaining(office: BackOffice, code: string): Promise<number | undefined> {
  return (await office.searchTickets({ page: 0, pageSize: 1, codePrefix: code })).rows[0]?.remaining;
}

test("a supervisor voids online: the units come back at once and at the server; a redeem clerk may not", async (t) => {
  const { rig, office, central, token } = await setup(t);
  const decision = await rig.redeem("TK-FIVE");
  const id = decision.redemption?.id ?? "";
  t.is(await remaining(office, "TK-FIVE"), 4);

  office.logout();
  t.like(await office.login("1357"), { ok: true, clerk: { role: "redeem" } });
  t.is(await office.voidRedemption(id, "客人改期", "1357"), "not_permitted");
  t.like(await office.login("246810"), { ok: true, clerk: { role: "supervisor" } });
  t.is(await office.voidRedemption(id, "客人改期", "1357"), "wrong_pin", "the service checks the PIN");
  t.is(await remaining(office, "TK-FIVE"), 4, "a refused void changes nothing here");
  t.is((await office.history({ page: 0, pageSize: 10, state: "voided" })).rows.length, 0);
  t.is(await office.voidRedemption(id, "客人改期", "246810"), "voided");
  t.is(await office.voidRedemption(id, "again", "246810"), "already_voided");
  t.is(await remaining(office, "TK-FIVE"), 5);

  const { records, serverUnits } = await serverView(central.url, token, ["TK-FIVE"]);
  t.like(records[0], { voided: { reason: "客人改期", clerkId: "c1" } });
  t.is(serverUnits.get("TK-FIVE"), 0);
  const history = await office.history({ page: 0, pageSize: 10, state: "voided" });
  t.deepEqual(
    history.rows.map((row) => [row.redemption.id, row.voided?.reason]),
    [[id, "客人改期"]],
  );
});

test("offline, a void is refused and nothing changes; once the redemption is up it can be voided", async (t) => {
  const { rig, office, central, token, proxy } = await setup(t);
  proxy.refuseAll = true;
  const decision = await rig.redeem("TK-FIVE");
  t.like(decision, { outcome: "ok", offline: true });
  const id = decision.redemption?.id ?? "";
  t.is(await office.voidRedemption(id, "刷錯", "246810"), "offline");
  t.is(await remaining(office, "TK-FIVE"), 4, "the units stay used");
  t.like((await office.history({ page: 0, pageSize: 10 })).rows[0], { state: "pending", voided: undefined });
  t.true(
    (await rig.entries()).every((entry) => entry.void === undefined),
    "nothing is kept to send later",
  );

  proxy.refuseAll = false;
  rig.kiosk.syncNow();
  await rig.waitForStatus((s) => s.online && s.pendingSync === 0);
  t.is(await office.voidRedemption(id, "刷錯", "246810"), "voided");
  const { records, serverUnits } = await serverView(central.url, token, ["TK-FIVE"]);
  t.like(records[0], { voided: { reason: "刷錯", clerkId: "c1" } });
  t.is(serverUnits.get("TK-FIVE"), 0);
  t.is(await remaining(office, "TK-FIVE"), 5);
  t.deepEqual(
    (await rig.entries()).map((entry) => entry.void && Object.keys(entry.void).sort()),
    [["at", "clerkId", "reason", "sync"]],
    "the journal keeps who, when and why, never the PIN",
  );
  t.false(central.logText().includes("246810"));
});

test("order detail, history filters, 日結 and reprints", async (t) => {
  const { rig, office } = await setup(t);
  const first = await rig.redeem("TK-FIVE");
  const second = await rig.redeem("TK-ANYWHERE");
  t.is(first.outcome, "ok");
  t.is(second.outcome, "ok");

  const detail = await office.orderDetail("#100231");
  t.is(detail?.customer.name, "陳怡君");
  t.deepEqual(detail?.tickets.map((row) => [row.ticket.code, row.remaining]).sort(), [
    ["TK-ANYWHERE", 1],
    ["TK-FIVE", 4],
    ["TK-ONE-LEFT", 1],
  ]);
  t.deepEqual(
    detail?.redeemed.map((row) => row.redemption.id).sort(),
    [first.redemption?.id, second.redemption?.id].sort(),
  );
  t.deepEqual(
    detail?.unlisted.map((use) => [use.ticket.code, use.units]),
    [["TK-ONE-LEFT", 2]],
    "units used before this kiosk's records are accounted for too (issue 11 item 6)",
  );

  const byProduct = await office.history({ page: 0, pageSize: 10, product: "主題樂園" });
  t.deepEqual(
    byProduct.rows.map((row) => [row.productName, row.orderNumber, row.state]),
    [["主題樂園一日票", "#100231", "synced"]],
  );
  const byClerk = await office.history({ page: 0, pageSize: 10, clerkId: "c1" });
  t.is(byClerk.rows.length, 2, "the logged-in clerk is recorded on each redemption");
  t.is(byClerk.rows[0]?.clerkName, "王小明");

  t.is(await office.reprint(first.redemption?.id ?? ""), "queued");
  const report = await office.dayReport(new Date());
  t.like(report, { totalUnits: 2, redemptions: 2, voids: 0, reprints: 1, offlineEntries: 0, conflicts: 0 });
  t.deepEqual(report.byProduct.map((line) => line.productName).sort(), [
    "主題樂園一日票",
    "深層按摩 60 分鐘券",
  ]);
  t.is(await office.printDayReport(new Date()), "queued");
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.true(
    rig.printer.jobs.some((job) => job.id.startsWith(`report-${report.day}`)),
    "the 日結 slip printed",
  );

  t.is(await office.printExceptions(), "queued", "a supervisor prints the exceptions list");
  office.logout();
  t.like(await office.login("1357"), { ok: true, clerk: { role: "redeem" } });
  t.is(await office.printExceptions(), "not_permitted", "a redeem clerk may not");
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.is(rig.printer.jobs.filter((job) => job.id.startsWith("exceptions-")).length, 1);
});
