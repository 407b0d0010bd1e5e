/**
 * The data generator: a central service's data directory with a catalogue of `--tickets` tickets
 * and a device token per `--device`, and, unless `--no-journal`, a kiosk data directory whose
 * journal holds the same tickets as a first download leaves them (cursor included), so a kiosk
 * started on it is up to date with the central service.
 *
 *   node dist/bench/generateCatalogue.js --dir DIR --tickets 1000000 [--device ID]… [--no-journal]
 *
 * Writes `DIR/central/`, `DIR/kiosk/journal/` and last `DIR/data.json` (see benchData.ts), whose
 * presence says the data is complete. Prints the timings as JSON on stdout.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type BenchData, dataFile } from "./benchData.js";
import { fillCentral, fillJournal } from "./catalogue.js";
import { progress } from "./figures.js";

const { values } = parseArgs({
  options: {
    dir: { type: "string" },
    tickets: { type: "string" },
    device: { type: "string", multiple: true, default: ["bench-kiosk"] },
    "no-journal": { type: "boolean", default: false },
  },
  strict: true,
});
const dir = values.dir;
const tickets = Number(values.tickets);
if (dir === undefined || !Number.isInteger(tickets) || tickets < 1) {
  process.stderr.write("usage: generateCatalogue --dir DIR --tickets N [--device ID]… [--no-journal]\n");
  process.exit(2);
}
const every = Math.max(1, Math.floor(tickets / 10));
const report = (what: string) => {
  let next = every;
  return (done: number) => {
    if (done < next && done < tickets) return;
    next = done + every;
    progress(`${what}: ${done.toLocaleString("en")} tickets`);
  };
};

await mkdir(dir, { recursive: true });
const centralStartedAt = performance.now();
const { tokens } = await fillCentral(
  join(dir, "central"),
  tickets,
  values.device ?? [],
  new Date(),
  report("central"),
);
const centralS = (performance.now() - centralStartedAt) / 1000;
let journalS: number | undefined;
if (values["no-journal"] !== true) {
  const journalStartedAt = performance.now();
  await fillJournal(join(dir, "central"), join(dir, "kiosk", "journal"), report("journal"));
  journalS = (performance.now() - journalStartedAt) / 1000;
}
const data: BenchData = { tickets, tokens, journal: journalS !== undefined };
await writeFile(dataFile(dir), `${JSON.stringify(data, null, 2)}\n`);
process.stdout.write(`${JSON.stringify({ centralS, journalS })}\n`);
