/**
 * The contract every adapter of the console's store (central/store/consoleStore.ts) passes:
 * accounts created then replaced, sessions kept and deleted, login guards, and the audit log
 * numbered in append order, paged newest first and searched. An adapter's test file calls
 * `consoleStoreContract` with a factory for a store on fresh data, opened.
 */
import type { TestFn } from "ava";
import type { ConsoleAccount, ConsoleStore } from "../../central/store/consoleStore.js";

export type ConsoleStoreFactory = (t: { teardown(fn: () => Promise<void>): void }) => Promise<ConsoleStore>;

const account: ConsoleAccount = {
  name: "王經理",
  role: "manager",
  storeIds: ["store-a"],
  passwordHash: "scrypt$32768$8$1$c2FsdA$a2V5",
  createdAt: "2026-12-01T08:00:00.000Z",
};

/** `adapter` names the adapter in each test title: one file runs the suite on both. */
export function consoleStoreContract(test: TestFn, adapter: string, open: ConsoleStoreFactory): void {
  test(`${adapter}: an account is created, read back, then replaced`, async (t) => {
    const store = await open(t);
    t.is(await store.getAccount(account.name), undefined);
    t.true(await store.putAccount(account));
    t.deepEqual(await store.getAccount(account.name), account);
    const replaced = { ...account, role: "hq" as const, storeIds: [] };
    t.false(await store.putAccount(replaced));
    t.deepEqual(await store.getAccount(account.name), replaced);
    t.is(await store.countAccounts(), 1);
  });

  test(`${adapter}: a session is kept by its hash until deleted`, async (t) => {
    const store = await open(t);
    const session = { idHash: "h1", name: "boss", csrfToken: "c", createdAtMs: 1, lastSeenAtMs: 2 };
    await store.putSession(session);
    t.deepEqual(await store.getSession("h1"), session);
    await store.putSession({ ...session, lastSeenAtMs: 9 });
    t.is((await store.getSession("h1"))?.lastSeenAtMs, 9);
    await store.deleteSession("h1");
    t.is(await store.getSession("h1"), undefined);
  });

  test(`${adapter}: a login guard is kept per name`, async (t) => {
    const store = await open(t);
    t.is(await store.getLoginGuard("boss"), undefined);
    const guard = { failures: 2, lockedUntilMs: 0, locks: 1, lastMissMs: 5 };
    await store.putLoginGuard("boss", guard);
    t.deepEqual(await store.getLoginGuard("boss"), guard);
    t.is(await store.getLoginGuard("other"), undefined);
  });

  test(`${adapter}: the audit log is numbered in append order, paged newest first, searched`, async (t) => {
    const store = await open(t);
    const appended = [];
    for (let i = 1; i <= 5; i += 1) {
      appended.push(
        await store.appendAudit({
          at: `2026-12-01T08:00:0${i}.000Z`,
          actor: i % 2 === 0 ? "Boss" : "mgr",
          action: i === 3 ? "login_failed" : "login",
          detail: `#${i}`,
          address: "127.0.0.1",
        }),
      );
    }
    const seqs = appended.map((entry) => entry.seq);
    t.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
    );
    t.is(new Set(seqs).size, 5);
    const first = await store.auditPage({ limit: 2 });
    t.deepEqual(
      first.entries.map((e) => e.detail),
      ["#5", "#4"],
    );
    t.true(first.hasMore);
    const second = await store.auditPage({ limit: 2, beforeSeq: first.entries[1]?.seq ?? 0 });
    t.deepEqual(
      second.entries.map((e) => e.detail),
      ["#3", "#2"],
    );
    const last = await store.auditPage({ limit: 2, beforeSeq: second.entries[1]?.seq ?? 0 });
    t.deepEqual(
      last.entries.map((e) => e.detail),
      ["#1"],
    );
    t.false(last.hasMore);
    const bosses = await store.auditPage({ limit: 10, search: "boss" });
    t.deepEqual(
      bosses.entries.map((e) => e.detail),
      ["#4", "#2"],
    );
    const failed = await store.auditPage({ limit: 10, search: "FAILED" });
    t.deepEqual(
      failed.entries.map((e) => e.detail),
      ["#3"],
    );
    t.deepEqual((await store.auditPage({ limit: 10, search: "%" })).entries, []);
    t.deepEqual(appended[0], {
      seq: seqs[0],
      at: "2026-12-01T08:00:01.000Z",
      actor: "mgr",
      action: "login",
      detail: "#1",
      address: "127.0.0.1",
    });
  });
}
