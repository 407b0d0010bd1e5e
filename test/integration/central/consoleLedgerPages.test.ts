/**
 * 核銷紀錄, 例外清單 and 日結對帳 over real HTTP from a central service in this process on a real
 * LevelDB, with redemptions uploaded through the kiosk API by two kiosks of two stores: filters,
 * the total and keyed paging both ways, the CSV of a filter, a manager kept to their store in the
 * list, by id and in the CSV, 取消核銷 with its CSRF check, outcomes and audit entry, an exception
 * marked resolved, and a store's day with its CSV.
 */
import test from "ava";
import type { Redemption } from "../../../device/domain.js";
import { UndiciCentralApi } from "../../../sync/undiciCentralApi.js";
import {
  hiddenToken,
  hqPassword,
  managerPassword,
  startCentral,
  Visitor,
} from "../../helpers/consoleVisitor.js";
import { makeRedemption } from "../../helpers/fixtures.js";

const now = "2026-12-04T02:00:00.000Z"; // 10:00 in Taipei

async function centralWithRedemptions(t: Parameters<typeof startCentral>[0]) {
  const { url, service } = await startCentral(t);
  const upload = async (deviceId: string, storeId: string, redemptions: Partial<Redemption>[]) => {
    const issued = await service.issueToken(deviceId, storeId);
    if (!issued.ok) throw new Error("no token");
    const api = new UndiciCentralApi({ url, token: async () => issued.token, device: { deviceId, storeId } });
    const made = redemptions.map((fields) =>
      makeRedemption({ deviceId, storeId, redeemedAt: now, ...fields }),
    );
    const results = await api.uploadRedemptions(made, 10_000);
    return made.map((redemption, index) => ({ id: redemption.id, status: results[index]?.status }));
  };
  const [online, byClerk] = await upload("kiosk-a", "store-a", [
    { ticketCode: "QK7R-2M9X-TB4A" },
    { ticketCode: "QK7R-2M9X-TB4A", clerkId: "c1", quantity: 2 },
  ]);
  const offlineAt = "2026-12-04T01:30:00.000Z";
  const [first, conflict] = await upload("kiosk-b", "store-b", [
    { ticketCode: "PX3D-8KQW-C7RT", offline: true, redeemedAt: offlineAt },
    { ticketCode: "PX3D-8KQW-C7RT", offline: true, redeemedAt: offlineAt },
  ]);
  if (online === undefined || byClerk === undefined || first === undefined || conflict === undefined)
    throw new Error("uploads missing");
  if (conflict.status !== "conflict")
    throw new Error(`the second upload is ${conflict.status}, not a conflict`);
  const hq = new Visitor(url);
  await hq.login("boss", hqPassword);
  const manager = new Visitor(url);
  await manager.login("mgr", managerPassword);
  return {
    url,
    upload,
    hq,
    manager,
    ids: { online: online.id, byClerk: byClerk.id, first: first.id, conflict: conflict.id },
  };
}

const rowIds = (page: string) => [...page.matchAll(/<tr data-id="([^"]+)"/g)].map((match) => match[1]);
const total = (page: string) => /data-testid="total">([^<]*)</.exec(page)?.[1];

test("核銷紀錄: every store for hq, filters, the total, keyed paging both ways, and the CSV of a filter", async (t) => {
  const { hq, upload, ids } = await centralWithRedemptions(t);
  const all = await hq.get("/redemptions");
  t.is(all.status, 200);
  t.is(total(all.text), "共 4 筆");
  t.deepEqual(rowIds(all.text), [ids.conflict, ids.first, ids.byClerk, ids.online], "newest first");
  t.deepEqual(rowIds((await hq.get("/redemptions?store=store-b")).text), [ids.conflict, ids.first]);
  t.deepEqual(rowIds((await hq.get("/redemptions?conflict=yes")).text), [ids.conflict]);
  t.deepEqual(rowIds((await hq.get("/redemptions?clerk=c1")).text), [ids.byClerk]);
  t.deepEqual(rowIds((await hq.get("/redemptions?offline=no&device=kiosk-a")).text), [
    ids.byClerk,
    ids.online,
  ]);
  t.deepEqual(rowIds((await hq.get("/redemptions?product=主題樂園一日票&state=conflict")).text), [
    ids.conflict,
  ]);
  t.deepEqual(rowIds((await hq.get("/redemptions?from=2026-12-05")).text), []);
  t.deepEqual(rowIds((await hq.get("/redemptions?until=2026-12-04&store=store-a")).text).length, 2);

  const many = await upload(
    "kiosk-a2",
    "store-a",
    Array.from({ length: 52 }, () => ({ ticketCode: "YG5C-4HJN-W8ZE" })),
  );
  const first = await hq.get("/redemptions?store=store-a");
  t.is(total(first.text), "共 54 筆");
  t.is(rowIds(first.text).length, 50);
  const next = /<a href="([^"]+)" rel="next"/.exec(first.text)?.[1]?.replaceAll("&amp;", "&");
  t.truthy(next);
  const second = await hq.get(next ?? "");
  t.deepEqual(rowIds(second.text), [
    ...many
      .slice(0, 2)
      .map((r) => r.id)
      .reverse(),
    ids.byClerk,
    ids.online,
  ]);
  t.is(/rel="next"/.exec(second.text), null, "the last page");
  const previous = /<a href="([^"]+)" rel="prev"/.exec(second.text)?.[1]?.replaceAll("&amp;", "&");
  t.is(previous, "/redemptions?store=store-a");

  const csv = await hq.get("/redemptions.csv?store=store-b");
  t.is(csv.headers["content-type"], "text/csv; charset=utf-8");
  const lines = csv.text.trimEnd().split("\r\n");
  t.is(
    lines[0],
    "id,slip_ref,redeemed_at,received_at,store_id,device_id,clerk_id,ticket_code,product_name,quantity,state,offline,flags",
  );
  t.deepEqual(
    lines.slice(1).map((line) => line.split(",")[0]),
    [ids.conflict, ids.first],
  );
});

test("a manager sees only their store: not in the list, not by id, not in the CSV", async (t) => {
  const { manager, ids } = await centralWithRedemptions(t);
  const list = await manager.get("/redemptions");
  t.deepEqual(rowIds(list.text), [ids.byClerk, ids.online]);
  t.notRegex(list.text, /store-b|台中公益店/);
  t.is((await manager.get("/redemptions?store=store-b")).status, 403);
  const byId = await manager.get(`/redemptions/${ids.conflict}`);
  t.is(byId.status, 404);
  t.notRegex(byId.text, /PX3D/);
  t.is((await manager.get(`/redemptions/${ids.online}`)).status, 200);
  const csv = await manager.get("/redemptions.csv");
  t.false(csv.text.includes(ids.conflict) || csv.text.includes(ids.first) || csv.text.includes("store-b"));
  t.true(csv.text.includes(ids.online));
  t.is((await manager.get("/redemptions.csv?store=store-b")).status, 403);
  t.is((await manager.get("/exceptions?store=store-b")).status, 403);
  t.notRegex((await manager.get("/exceptions?status=all")).text, /store-b|台中公益店/);
  t.is((await manager.get("/reconciliation?store=store-b")).status, 403);
});

test("取消核銷: refused without its CSRF token, then voided with a reason, audited, and not twice", async (t) => {
  const { hq, manager, ids } = await centralWithRedemptions(t);
  const path = `/redemptions/${ids.online}`;
  const opened = await manager.get(path);
  t.regex(opened.text, /核銷編號/);
  t.regex(opened.text, /深層按摩 60 分鐘券/);
  t.regex(opened.text, /#100231/);
  t.regex(opened.text, /連線核銷/);
  t.is((await manager.post(`${path}/void`, { reason: "客人反悔" })).status, 403);
  t.is((await manager.post(`${path}/void`, { reason: "客人反悔", _csrf: "forged" })).status, 403);
  t.regex((await manager.get(path)).text, /data-state="accepted"/, "nothing changed");
  const token = hiddenToken(opened.text);
  const blank = await manager.post(`${path}/void`, { reason: "  ", _csrf: token });
  t.is(blank.headers.location, `${path}?outcome=reason_invalid`);
  t.regex((await manager.get(String(blank.headers.location))).text, /請填寫取消原因/);
  const other = await manager.post(`/redemptions/${ids.first}/void`, { reason: "x", _csrf: token });
  t.is(other.headers.location, `/redemptions/${ids.first}?outcome=not_found`);
  t.is((await manager.get(`/redemptions/${ids.first}`)).status, 404);
  const voided = await manager.post(`${path}/void`, { reason: "客人反悔", _csrf: token });
  t.is(voided.status, 303);
  const after = await manager.get(String(voided.headers.location));
  t.regex(after.text, /已取消核銷，票券已退回堂數/);
  t.regex(after.text, /data-state="voided"/);
  t.regex(after.text, /客人反悔/);
  t.notRegex(after.text, /action="[^"]*\/void"/, "no void form on a voided record");
  const again = await hq.post(`${path}/void`, {
    reason: "again",
    _csrf: hiddenToken((await hq.get("/")).text),
  });
  t.is(again.headers.location, `${path}?outcome=duplicate`);
  const audit = await hq.get("/audit?q=redemption.void");
  t.regex(
    audit.text,
    new RegExp(`<td>mgr</td><td>redemption.void</td><td>${ids.online}: voided by mgr: 客人反悔</td>`),
  );
  const refusals = await hq.get("/audit?q=csrf_refused");
  t.is(refusals.text.split(`<td>POST ${path}/void</td>`).length - 1, 2);
});

test("例外清單: the conflict is open, is marked resolved with a note, and is audited", async (t) => {
  const { hq, ids } = await centralWithRedemptions(t);
  const open = await hq.get("/exceptions");
  t.is(open.status, 200);
  t.true(rowIds(open.text).includes(ids.conflict));
  t.regex(open.text, /重複核銷衝突/);
  const token = hiddenToken(open.text);
  const blank = await hq.post(`/exceptions/${ids.conflict}/resolve`, {
    note: "",
    status: "open",
    _csrf: token,
  });
  t.is(blank.headers.location, "/exceptions?status=open&outcome=note_invalid");
  const notOne = await hq.post(`/exceptions/${ids.online}/resolve`, { note: "x", _csrf: token });
  t.is(notOne.headers.location, "/exceptions?outcome=not_found");
  const resolved = await hq.post(`/exceptions/${ids.conflict}/resolve`, {
    note: "已致電客人，確認兒童票重複掃描",
    status: "open",
    _csrf: token,
  });
  t.is(resolved.headers.location, "/exceptions?status=open&outcome=resolved");
  const after = await hq.get(String(resolved.headers.location));
  t.regex(after.text, /已標記為已處理/);
  t.false(rowIds(after.text).includes(ids.conflict), "no longer open");
  const done = await hq.get("/exceptions?status=resolved");
  t.true(rowIds(done.text).includes(ids.conflict));
  t.regex(done.text, /已致電客人，確認兒童票重複掃描/);
  t.regex(done.text, /boss 於 .* 處理/);
  const twice = await hq.post(`/exceptions/${ids.conflict}/resolve`, { note: "again", _csrf: token });
  t.is(twice.headers.location, "/exceptions?outcome=already_resolved");
  t.regex((await hq.get("/audit?q=exception.resolve")).text, /resolved by boss: 已致電客人/);
});

test("日結對帳: a store's day per product, with its CSV; a day that is no day is refused", async (t) => {
  const { hq, manager, ids } = await centralWithRedemptions(t);
  const token = hiddenToken((await hq.get("/")).text);
  await hq.post(`/redemptions/${ids.byClerk}/void`, { reason: "測試", _csrf: token });
  const day = await manager.get("/reconciliation?day=2026-12-04");
  t.is(day.status, 200);
  t.regex(day.text, /台北信義店 · 2026-12-04（Asia\/Taipei 當地日）/);
  t.regex(day.text, /<tr><td>深層按摩 60 分鐘券<\/td><td>1<\/td><td>1<\/td><td>0<\/td><td>1<\/td><\/tr>/);
  t.regex(day.text, /<tfoot><tr><td>合計<\/td><td>1<\/td><td>1<\/td><td>0<\/td><td>1<\/td><\/tr><\/tfoot>/);
  t.regex(day.text, /window\.print\(\)/);
  const csv = await hq.get("/reconciliation.csv?store=store-b&day=2026-12-04");
  t.is(csv.headers["content-disposition"], 'attachment; filename="reconciliation-store-b-2026-12-04.csv"');
  t.deepEqual(csv.text.trimEnd().split("\r\n"), [
    "store_id,day,product_name,units,redemptions,offline,voided",
    "store-b,2026-12-04,主題樂園一日票,2,2,2,0",
    "store-b,2026-12-04,(total),2,2,2,0",
  ]);
  const invalid = await hq.get("/reconciliation?store=store-a&day=2026-13-40");
  t.is(invalid.status, 400);
  t.regex(invalid.text, /請以 YYYY-MM-DD 指定日期/);
});

test("例外清單: an upload refused whole is listed for its store and marked resolved", async (t) => {
  const { upload, hq, manager } = await centralWithRedemptions(t);
  // A kiosk of store-a uploading a record that names store-b: the whole upload is refused.
  await t.throwsAsync(upload("kiosk-x", "store-a", [{ storeId: "store-b" }]));
  const open = await manager.get("/exceptions");
  const section = open.text.slice(open.text.indexOf("被拒絕的上傳"));
  t.regex(section, /共 1 筆/);
  t.regex(section, /<td>kiosk-x<\/td>/);
  const id = /<tr data-id="([^"]+)"/.exec(section)?.[1] ?? "";
  t.regex(id, /^\d{4}-\d\d-\d\dT/, "a refused upload is known by when it arrived");
  const resolved = await manager.post(`/exceptions/${encodeURIComponent(id)}/resolve`, {
    note: "機台門市設定已更正",
    _csrf: hiddenToken(open.text),
  });
  t.is(resolved.headers.location, "/exceptions?outcome=resolved");
  const after = (await hq.get("/exceptions?status=resolved")).text;
  t.regex(after.slice(after.indexOf("被拒絕的上傳")), /機台門市設定已更正/);
});

test("例外清單: refused uploads are paged on their own and exported whole as CSV", async (t) => {
  const { upload, hq } = await centralWithRedemptions(t);
  for (let i = 0; i < 52; i += 1) await t.throwsAsync(upload("kiosk-x", "store-a", [{ storeId: "store-b" }]));
  const uploadsOf = (text: string) => text.slice(text.indexOf("被拒絕的上傳"));
  const first = uploadsOf((await hq.get("/exceptions")).text);
  t.regex(first, /共 52 筆/);
  t.is(rowIds(first).length, 50);
  t.false(first.includes('rel="first"'), "the first page has no way back");
  const next = /<a href="([^"]+)" rel="next"[^>]*data-list="uploads"/.exec(first)?.[1] ?? "";
  const second = uploadsOf((await hq.get(next.replaceAll("&amp;", "&"))).text);
  t.is(rowIds(second).length, 2);
  t.deepEqual(
    new Set([...rowIds(first), ...rowIds(second)]).size,
    52,
    "every refused upload once, across the two pages",
  );
  t.regex(second, /rel="first"[^>]*>回到最新</);
  t.false(second.includes('rel="next"'));

  const csv = await hq.get("/exceptions/uploads.csv");
  t.is(csv.status, 200);
  const lines = csv.text.trim().split(/\r?\n/);
  t.is(
    lines[0],
    "received_at,store_id,device_id,http_status,code,message,status,resolved_by,resolved_at,note",
  );
  t.is(lines.length, 53);
  t.true(lines.slice(1).every((line) => line.includes(",store-a,kiosk-x,")));
});
