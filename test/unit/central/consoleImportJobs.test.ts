/**
 * The console's imports between preview and end (central/console/pages/importJobs.ts): a held file
 * is its uploader's only; applying runs in the background and its progress (rows checked, tickets
 * written, rate, time left) is what the polled fragment shows, until it gives way to the outcome
 * and stops polling; a second apply of the same file is refused; a store failure is `failed`.
 */
import test from "ava";
import type { ImportApplyOutcome, ImportFile } from "../../../central/console/data/importPreview.js";
import { progressSection } from "../../../central/console/pages/importHtml.js";
import { type ImportJobState, ImportJobs } from "../../../central/console/pages/importJobs.js";
import { pageCatalogues } from "../../../central/console/pages/pageMessages.js";
import type { ImportProgress } from "../../../central/importProgress.js";

const file: ImportFile = { name: "tickets.csv", bytes: new Uint8Array([1]), format: "csv" };
const counts = { created: 0, updated: 0, unchanged: 0 };
const applied: ImportApplyOutcome = {
  kind: "applied",
  ok: true,
  summary: {
    stores: counts,
    clerks: counts,
    orders: { ...counts, created: 2 },
    tickets: { ...counts, created: 4 },
  },
  warnings: [],
};
const zh = pageCatalogues["zh-TW"];

function gate<T>() {
  let open: (value: T) => void = () => {};
  const opened = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

test("a held file is its uploader's; applying shows its progress, then the outcome, and polls no more", async (t) => {
  let nowMs = 0;
  const jobs = new ImportJobs(() => nowMs);
  const job = jobs.hold("boss", file);
  t.is(jobs.get("boss", job.id), job);
  t.is(jobs.get("mgr-a", job.id), undefined, "another account's import is unknown to it");
  t.is(jobs.get("boss", "made-up"), undefined);

  const release = gate<ImportApplyOutcome>();
  const told = gate<ImportProgress>();
  const ended = gate<ImportJobState>();
  let report: ((progress: ImportProgress) => void) | undefined;
  t.true(
    jobs.apply(
      job,
      (listener) => {
        report = listener;
        told.open({ rowsRead: 0, rowsTotal: 4, ticketsWritten: 0, ticketsTotal: null });
        return release.opened;
      },
      async (state) => ended.open(state),
    ),
  );
  await told.opened;
  t.false(
    jobs.apply(
      job,
      () => release.opened,
      async () => {},
    ),
    "a second click applies nothing",
  );

  nowMs = 1000;
  report?.({ rowsRead: 4, rowsTotal: 4, ticketsWritten: 2, ticketsTotal: 4 });
  t.like(job.state, { kind: "applying", figures: { rowsRead: 4, ticketsWritten: 2, ratePerS: 6, etaS: 1 } });
  const applying = progressSection(zh, job).text;
  t.regex(applying, /data-state="applying"/);
  t.regex(applying, new RegExp(`hx-get="/imports/${job.id}/progress" hx-trigger="every 1s"`));
  t.regex(applying, /data-testid="import-rows">4\/4</);
  t.regex(applying, /data-testid="import-tickets">2\/4</);
  t.regex(applying, /每秒 6 筆 · 約剩 1 秒/);

  nowMs = 2000;
  release.open(applied);
  t.like(await ended.opened, { kind: "done", outcome: applied });
  const done = progressSection(zh, job).text;
  t.regex(done, /data-state="done"/);
  t.notRegex(done, /hx-trigger/, "the finished fragment stops the polling");
  t.regex(done, /匯入完成/);
  t.regex(done, /<tr data-kind="tickets"><td>票券<\/td><td>4<\/td>/);
});

test("an import the store fails mid-way ends as failed, and its end is still told", async (t) => {
  const jobs = new ImportJobs(() => 0);
  const job = jobs.hold("boss", file);
  const ended = gate<ImportJobState>();
  jobs.apply(
    job,
    async () => Promise.reject(new Error("disk full")),
    async (state) => ended.open(state),
  );
  t.like(await ended.opened, { kind: "failed", error: { message: "disk full" } });
  t.regex(progressSection(zh, job).text, /data-state="failed".*匯入失敗/s);
});

test("forgotten previews do not pile up: at most 20 are held, an hour each, the oldest dropped first", (t) => {
  let nowMs = 0;
  const jobs = new ImportJobs(() => nowMs);
  const held = Array.from({ length: 21 }, () => jobs.hold("boss", file));
  t.is(jobs.get("boss", held[0]?.id ?? ""), undefined, "the oldest made room");
  t.truthy(jobs.get("boss", held[1]?.id ?? ""));
  nowMs = 3600_001;
  const fresh = jobs.hold("boss", file);
  t.is(jobs.get("boss", held[20]?.id ?? ""), undefined, "an hour old");
  t.is(jobs.get("boss", fresh.id), fresh);
});
