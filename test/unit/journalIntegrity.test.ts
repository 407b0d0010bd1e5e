/**
 * The journal's own integrity check (device/journalIntegrity.ts) on a real LevelDB journal, damaged
 * from outside while it is closed: a record changed on disk fails its check, a record gone leaves a
 * gap in the sequence, and what was found is kept in the journal, so it is still said after LevelDB
 * has forgotten (its `LOG` is replaced at every open).
 */
import { join } from "node:path";
import test from "ava";
import type { JournalEntry } from "../../device/journal.js";
import { JournalDamageError } from "../../device/journalIntegrity.js";
import { LevelJournal } from "../../device/levelJournal.js";
import { makeRedemption, tempDir } from "../helpers/fixtures.js";
import { journalWithRedemptions, withSublevel } from "../helpers/storeFiles.js";

test("an entry changed on disk and an entry gone are both found, named, and kept across opens", async (t) => {
  const dir = await tempDir();
  t.teardown(dir.remove);
  const location = join(dir.path, "journal");
  const [first, second, third] = await journalWithRedemptions(location, 3);
  await withSublevel(location, "entries", async (entries) => {
    const stored = (await entries.get(second ?? "")) as JournalEntry;
    await entries.put(second ?? "", { ...stored, redemption: { ...stored.redemption, quantity: 9 } });
    await entries.del(third ?? "");
  });
  await withSublevel(location, "order", (order) => order.del("0000000000000003"));

  const journal = new LevelJournal(location);
  await journal.open();
  const findings = journal.integrity()?.findings ?? [];
  t.deepEqual(
    findings.filter((finding) => finding.kind === "bad_record"),
    [{ kind: "bad_record", key: `entries/${second}`, detail: "check does not match" }],
  );
  t.true(findings.some((finding) => finding.kind === "missing" && finding.from === 2 && finding.to === 3));
  t.truthy(await journal.get(first ?? ""), "an intact entry still reads");
  await t.throwsAsync(() => journal.get(second ?? ""), { instanceOf: JournalDamageError });
  await journal.close();

  const reopened = new LevelJournal(location);
  await reopened.open();
  t.deepEqual(reopened.integrity()?.findings, findings, "the report is kept, not found anew each time");
  // The central service never had these (offline, not uploaded): nothing to restore them from.
  const outcome = await reopened.restore([]);
  t.deepEqual(outcome.restored, []);
  t.true(
    outcome.remaining.some((finding) => finding.kind === "bad_record"),
    "listed as not recoverable",
  );
  t.true(outcome.remaining.some((finding) => finding.kind === "missing" && finding.from === 2));
  t.truthy(reopened.integrity(), "the journal stays damaged: redemption stays stopped");
  await reopened.close();
});

test("an intact journal, closed and opened again, reports nothing", async (t) => {
  const dir = await tempDir();
  t.teardown(dir.remove);
  const location = join(dir.path, "journal");
  await journalWithRedemptions(location, 3);
  const journal = new LevelJournal(location);
  await journal.open();
  t.is(journal.integrity(), undefined);
  await journal.close();
});

test("a failed intent write gives its sequence number back: no gap, so no false alarm at the next open", async (t) => {
  const dir = await tempDir();
  t.teardown(dir.remove);
  const location = join(dir.path, "journal");
  const journal = new LevelJournal(location);
  await journal.open();
  // A value JSON cannot encode makes the write fail before anything reaches the disk.
  const unwritable = makeRedemption({ seq: journal.nextSeq(), quantity: 1n as unknown as number });
  await t.throwsAsync(() => journal.recordIntent(unwritable));
  const written = makeRedemption({ seq: journal.nextSeq() });
  t.is(written.seq, 1);
  await journal.recordIntent(written);
  await journal.close();
  const reopened = new LevelJournal(location);
  await reopened.open();
  t.is(reopened.integrity(), undefined);
  await reopened.close();
});
