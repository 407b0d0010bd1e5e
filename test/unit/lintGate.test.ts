/**
 * The lint gate catches the async mistakes and the open switches it promises to (biome.json):
 * a promise nobody awaits, an async function where a plain callback is expected, and a switch
 * over a closed union that forgets a case. Run with this repository's biome and its rules, on
 * probe files in a temporary folder (biome.json's git settings left out: the folder is no checkout).
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import test from "ava";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const biome = join(root, "node_modules", ".bin", "biome");

const probe = `type Outcome = "accepted" | "refused";
async function save(): Promise<void> {}
export function scanned(): void {
  save();
  ["A-1"].forEach(async () => {
    await save();
  });
}
export function tone(outcome: Outcome): number {
  switch (outcome) {
    case "accepted":
      return 1;
  }
  return 0;
}
`;

test("biome reports a floating promise, a misused promise and a switch missing a case", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "lint-gate-"));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const {
    vcs: _git,
    $schema: _schema,
    ...config
  } = JSON.parse(await readFile(join(root, "biome.json"), "utf8"));
  await writeFile(join(dir, "biome.json"), JSON.stringify(config));
  await writeFile(join(dir, "probe.ts"), probe);
  // biome exits non-zero when it finds errors, which is what this test wants to see.
  const output = await promisify(execFile)(biome, ["lint", "--reporter=json", "probe.ts"], {
    cwd: dir,
  }).catch((error: { stdout: string }) => error);
  const report = JSON.parse(output.stdout) as { diagnostics: { category: string; severity: string }[] };
  t.deepEqual(
    report.diagnostics.map(({ category, severity }) => [category, severity]),
    [
      ["lint/nursery/noFloatingPromises", "error"],
      ["lint/nursery/noMisusedPromises", "error"],
      ["lint/nursery/useExhaustiveSwitchCases", "error"],
    ],
  );
});
