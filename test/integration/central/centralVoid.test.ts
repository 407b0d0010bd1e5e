import test from "ava";
import * as v from "valibot";
import type { Ticket } from "../../../device/domain.js";
import { type ServerRedemption, voidResultSchema } from "../../../device/ports/wire.js";
import { call, now, redemption, startCentral, upload } from "../../helpers/centralHarness.js";

const hourMs = 3_600_000;
/** c1's PIN in the harness's catalogue. */
const supervisorPin = "246810";

/** A central service whose clock the test moves. */
async function centralWithClock(t: Parameters<typeof startCentral>[0], voidWindowHours?: number) {
  let clockMs = now.getTime();
  const central = await startCentral(t, {
    clock: () => new Date(clockMs),
    ...(voidWindowHours === undefined ? {} : { voidWindowHours }),
  });
  const token = await central.tokenFor("kiosk-1", "store-a");
  const voidOf = async (id: string, body: { reason: string; clerkId?: string; pin?: string }, as = token) => {
    const answer = await call(central.url, `/v1/redemptions/${id}/void`, {
      token: as,
      body: { at: new Date(clockMs).toISOString(), ...body },
    });
    if (answer.status !== 200)
      throw new Error(`void answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return v.parse(voidResultSchema, answer.body);
  };
  const recordOf = async (id: string, code = "TK-FIVE") => {
    const history = await call<{ redemptions: ServerRedemption[] }>(
      central.url,
      `/v1/redemptions?ticket=${code}`,
      { token },
    );
    return history.body.redemptions.find((record) => record.redemption.id === id);
  };
  const unitsOf = async (code = "TK-FIVE") =>
    (await call<Ticket>(central.url, `/v1/tickets/${code}`, { token })).body.redeemedUnits;
  return {
    central,
    token,
    voidOf,
    recordOf,
    unitsOf,
    advance: (ms: number) => {
      clockMs += ms;
      return new Date(clockMs).toISOString();
    },
  };
}

test("a supervisor's void within the window gives the units back once and keeps who, when and why", async (t) => {
  const { central, token, voidOf, recordOf, unitsOf, advance } = await centralWithClock(t);
  const taken = redemption({ quantity: 2 });
  t.like((await upload(central.url, token, [taken]))[0], {
    status: "accepted",
    ticket: { redeemedUnits: 2 },
  });

  const voidedAt = advance(23 * hourMs);
  t.like(await voidOf(taken.id, { reason: "客人改期", clerkId: "c1", pin: supervisorPin }), {
    id: taken.id,
    status: "voided",
    ticket: { redeemedUnits: 0 },
  });
  t.is(await unitsOf(), 0);
  t.deepEqual((await recordOf(taken.id))?.voided, {
    reason: "客人改期",
    clerkId: "c1",
    at: voidedAt,
    receivedAt: voidedAt,
  });

  t.like(await voidOf(taken.id, { reason: "客人改期", clerkId: "c1", pin: supervisorPin }), {
    status: "duplicate",
  });
  advance(48 * hourMs);
  t.like(
    await voidOf(taken.id, { reason: "客人改期", clerkId: "c1", pin: supervisorPin }),
    { status: "duplicate", ticket: { redeemedUnits: 0 } },
    "a retry long after the window is still the same void, not a late one",
  );
  t.is(await unitsOf(), 0, "the units came back once");
  t.like(
    (await upload(central.url, token, [taken]))[0],
    { status: "duplicate", original: "accepted" },
    "a voided redemption's id stays used: its replay is not redeemed again",
  );
  t.is(await unitsOf(), 0);
  const voids = central.logs.filter((line) => line.event === "void");
  t.deepEqual(
    voids.map((line) => [line.status, line.clerkId, line.deviceId]),
    [
      ["voided", "c1", "kiosk-1"],
      ["duplicate", "c1", "kiosk-1"],
      ["duplicate", "c1", "kiosk-1"],
    ],
  );
});

test("a void naming the supervisor without the supervisor's PIN, or with a wrong one, is refused wrong_pin; nothing changes", async (t) => {
  const { central, token, voidOf, recordOf, unitsOf } = await centralWithClock(t);
  const taken = redemption({ quantity: 2 });
  await upload(central.url, token, [taken]);
  for (const proof of [{}, { pin: "1357" }, { pin: "" }] as const) {
    const answer = await call(central.url, `/v1/redemptions/${taken.id}/void`, {
      token,
      body: { reason: "客人改期", clerkId: "c1", at: now.toISOString(), ...proof },
    });
    if (answer.status === 400) continue; // an empty PIN is not a PIN: the body is refused whole
    t.like(answer.body, { status: "rejected", reason: "wrong_pin" }, JSON.stringify(proof));
  }
  t.is((await recordOf(taken.id))?.voided, undefined);
  t.is(await unitsOf(), 2);
  t.false(central.logText().includes("1357"), "a PIN sent with a void never reaches the log");
  t.like(await voidOf(taken.id, { reason: "客人改期", clerkId: "c1", pin: supervisorPin }), {
    status: "voided",
  });
  t.false(central.logText().includes(supervisorPin));
});

test("wrong void PINs lock this device out for that clerk, each lock longer; the right PIN is refused while locked", async (t) => {
  const { central, token, voidOf, unitsOf, advance } = await centralWithClock(t);
  const other = await central.tokenFor("kiosk-2", "store-a");
  const taken = redemption();
  const fromOther = redemption({ deviceId: "kiosk-2" });
  await upload(central.url, token, [taken]);
  await upload(central.url, other, [fromOther]);
  const guess = (pin: string) => voidOf(taken.id, { reason: "客人改期", clerkId: "c1", pin });
  const reasons = async (pins: readonly string[]) => {
    const seen: (string | undefined)[] = [];
    for (const pin of pins) seen.push((await guess(pin)).reason);
    return seen;
  };
  t.deepEqual(await reasons(["0000", "0001", "0002", "0003", "0004", supervisorPin]), [
    ...Array(5).fill("wrong_pin"),
    "pin_locked",
  ]);
  t.like(
    await voidOf(fromOther.id, { reason: "客人改期", clerkId: "c1", pin: supervisorPin }, other),
    { status: "voided" },
    "another kiosk is not locked out",
  );
  advance(30_000);
  t.deepEqual(
    await reasons(["0005", "0006", "0007", "0008", "0009", supervisorPin]),
    [...Array(5).fill("wrong_pin"), "pin_locked"],
    "the lock lifted after 30 s",
  );
  advance(30_000);
  t.is((await guess(supervisorPin)).reason, "pin_locked", "the second lock lasts 60 s");
  advance(30_000);
  t.like(await guess(supervisorPin), { status: "voided" });
  t.is(await unitsOf(), 0);
});

test("wrong void PINs sent at once on many redemptions are each counted: the sixth and later are locked out", async (t) => {
  const { central, token, voidOf, unitsOf } = await centralWithClock(t);
  const taken = Array.from({ length: 10 }, () => redemption({ ticketCode: "TK-ANYWHERE", quantity: 1 }));
  const five = Array.from({ length: 5 }, () => redemption());
  await upload(central.url, token, [...taken, ...five]);
  const answers = await Promise.all(
    [...taken, ...five].map((record, index) =>
      voidOf(record.id, { reason: "客人改期", clerkId: "c1", pin: String(1000 + index) }),
    ),
  );
  const reasons = answers.map((answer) => answer.reason);
  t.is(reasons.filter((reason) => reason === "wrong_pin").length, 5);
  t.is(reasons.filter((reason) => reason === "pin_locked").length, 10);
  t.is(await unitsOf(), 5, "nothing was voided");
});

test("a redeem clerk and another store's supervisor are not permitted, an unknown clerk is unknown_clerk; nothing changes", async (t) => {
  const { central, token, voidOf, recordOf, unitsOf } = await centralWithClock(t);
  const taken = redemption();
  await upload(central.url, token, [taken]);
  for (const [clerkId, pin, reason] of [
    ["c2", "1357", "not_permitted"],
    ["c9", "999999", "not_permitted"],
    ["c404", supervisorPin, "unknown_clerk"],
  ] as const) {
    t.like(
      await voidOf(taken.id, { reason: "客人改期", clerkId, pin }),
      { status: "rejected", reason, ticket: { redeemedUnits: 1 } },
      clerkId,
    );
  }
  t.is((await recordOf(taken.id))?.voided, undefined);
  t.is(await unitsOf(), 1);
  t.like(await voidOf(taken.id, { reason: "客人改期", clerkId: "c1", pin: supervisorPin }), {
    status: "voided",
  });
});

test("after the configured window a supervisor's void is refused; at its edge it stands; abandoned is exempt", async (t) => {
  const { central, token, voidOf, unitsOf, advance } = await centralWithClock(t, 2);
  const [atEdge, late, abandoned] = [redemption(), redemption(), redemption()];
  await upload(central.url, token, [atEdge, late, abandoned]);

  advance(2 * hourMs);
  t.like(await voidOf(atEdge.id, { reason: "客人改期", clerkId: "c1", pin: supervisorPin }), {
    status: "voided",
  });
  advance(1);
  t.like(await voidOf(late.id, { reason: "客人改期", clerkId: "c1", pin: supervisorPin }), {
    status: "rejected",
    reason: "void_window_passed",
  });
  advance(30 * 24 * hourMs);
  t.like(
    await voidOf(abandoned.id, { reason: "abandoned" }),
    { status: "voided" },
    "a kiosk taking back an intent it never confirmed needs no supervisor and no window",
  );
  t.is(await unitsOf(), 1, "only the late one still counts");
});

test("the window starts at redeemedAt when the kiosk's clock was synchronised, else when the server got it", async (t) => {
  const { central, token, voidOf, advance } = await centralWithClock(t);
  const lateUpload = redemption({
    redeemedAt: new Date(now.getTime() - 30 * hourMs).toISOString(),
    offline: true,
  });
  const unsynced = redemption({ redeemedAt: "2020-01-01T00:00:00.000Z", clockSynced: false, offline: true });
  const [first, second] = await upload(central.url, token, [lateUpload, unsynced]);
  t.is(first?.status, "accepted");
  t.is(second?.status, "accepted", "judged at the server's now");

  advance(hourMs);
  t.like(await voidOf(lateUpload.id, { reason: "重複核銷", clerkId: "c1", pin: supervisorPin }), {
    status: "rejected",
    reason: "void_window_passed",
  });
  t.like(
    await voidOf(unsynced.id, { reason: "重複核銷", clerkId: "c1", pin: supervisorPin }),
    { status: "voided" },
    "a clock that said 2020 does not close the window",
  );
});

test("an abandoned void is only for the device that made the redemption", async (t) => {
  const { central, token, voidOf, unitsOf } = await centralWithClock(t);
  const other = await central.tokenFor("kiosk-2", "store-a");
  const taken = redemption({ quantity: 2 });
  await upload(central.url, token, [taken]);
  t.like(await voidOf(taken.id, { reason: "abandoned" }, other), {
    status: "rejected",
    reason: "not_permitted",
  });
  t.is(await unitsOf(), 2);
  t.like(await voidOf(taken.id, { reason: "abandoned" }), { status: "voided", ticket: { redeemedUnits: 0 } });
});

test("a refused redemption has nothing to give back", async (t) => {
  const { central, token, voidOf, unitsOf } = await centralWithClock(t);
  const refused = redemption({ ticketCode: "TK-ONE-LEFT", quantity: 2 });
  t.like((await upload(central.url, token, [refused]))[0], { status: "rejected" });
  t.like(await voidOf(refused.id, { reason: "客人改期", clerkId: "c1", pin: supervisorPin }), {
    status: "rejected",
    reason: "not_redeemed",
  });
  t.is(await unitsOf("TK-ONE-LEFT"), 2);
});
