/**
 * Issue 12, defect 1: any device token yielded every clerk's scrypt hash (GET /v1/clerks), and the
 * kiosk's journal kept them in clear, so a 4-digit PIN fell to a brute force in about a minute.
 * Now each verifier is sealed under the device's PIN key (device/pinVerifier.ts): the token alone,
 * or the journal alone, holds no hash and no salt to search PINs against.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import test from "ava";
import * as v from "valibot";
import { ClerkLogin } from "../../device/clerkLogin.js";
import { LevelJournal } from "../../device/levelJournal.js";
import { readPinKey } from "../../device/pinKeyFile.js";
import { openVerifier, parsePinKey } from "../../device/pinVerifier.js";
import { clerkListSchema } from "../../device/ports/wire.js";
import { startCentral } from "../helpers/centralHarness.js";
import { tempDir } from "../helpers/fixtures.js";
import { testPinKey } from "../helpers/hashedClerks.js";
import { installPinKey } from "../helpers/pinKeyInstall.js";

/** The salt and the hash of `scrypt$N$r$p$<salt>$<hash>`: what a brute force needs. */
function secretsOf(verifier: string): string[] {
  const [, , , , salt = "?", hash = "?"] = verifier.split("$");
  return [salt, hash];
}

test("a token alone gets no hash or salt; nor does the journal; with the key clerks log in; a wrong or missing key says so", async (t) => {
  const central = await startCentral(t);
  const { token, pinKey } = await central.deviceFor("kiosk-1", "store-a");
  const answer = await fetch(`${central.url}/v1/clerks`, { headers: { authorization: `Bearer ${token}` } });
  const text = await answer.text();
  const { clerks } = v.parse(clerkListSchema, JSON.parse(text));
  t.deepEqual(
    clerks.map((clerk) => clerk.id),
    ["c1", "c2"],
    "only the device's store's clerks: store-b's c9 never reaches it",
  );
  const key = parsePinKey(pinKey) ?? Buffer.alloc(0);
  const opened = clerks.map((clerk) => openVerifier(key, clerk.id, clerk.pinVerifier) ?? "");
  t.true(
    opened.every((hash) => hash.startsWith("scrypt$")),
    "the key opens each verifier to its scrypt hash",
  );
  const secrets = opened.flatMap(secretsOf);
  t.false(text.includes("scrypt"), "no scrypt hash in the answer");
  t.deepEqual(
    secrets.filter((secret) => text.includes(secret)),
    [],
    "no salt and no hash in the answer",
  );

  const dir = await tempDir();
  t.teardown(dir.remove);
  const location = join(dir.path, "journal");
  const journal = new LevelJournal(location);
  await journal.open();
  await journal.clerkStore.storeClerks(clerks);
  await journal.close();
  let bytes = "";
  for (const name of await readdir(location)) bytes += await readFile(join(location, name), "latin1");
  t.true(bytes.includes("pinVerifier"), "the clerks are there");
  t.false(bytes.includes("scrypt"), "no scrypt hash in the journal's files");
  t.deepEqual(
    secrets.filter((secret) => bytes.includes(secret)),
    [],
    "no salt and no hash in the journal's files",
  );

  const reopened = new LevelJournal(location);
  await reopened.open();
  t.teardown(() => reopened.close());
  const nowMs = Date.parse("2026-11-27T08:00:00Z");
  await installPinKey(dir.path, pinKey);
  const withKey = new ClerkLogin(
    reopened.clerkStore,
    () => nowMs,
    () => readPinKey(join(dir.path, "pin.key")),
  );
  t.like(await withKey.login("246810"), { ok: true, clerk: { id: "c1", role: "supervisor" } });

  const missing = join(dir.path, "absent.key");
  const withoutKey = new ClerkLogin(
    reopened.clerkStore,
    () => nowMs,
    () => readPinKey(missing),
  );
  t.deepEqual(await withoutKey.login("246810"), { ok: false, reason: "no_pin_key", file: missing });
  const wrong = testPinKey();
  const withWrongKey = new ClerkLogin(reopened.clerkStore, () => nowMs, wrong.read);
  t.deepEqual(await withWrongKey.login("246810"), {
    ok: false,
    reason: "pin_key_mismatch",
    file: "/test/pin.key",
  });
  t.is(reopened.clerkStore.loginGuard().failures, 0, "neither is counted as a wrong PIN");
});
