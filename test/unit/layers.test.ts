/**
 * The layers of the kiosk (docs/architecture.md), read from the sources by
 * test/helpers/importGraph.ts; type-only and `await import()` imports count like the others.
 *
 * - `device/` is the core. It imports no adapter (drivers/, ui/, sync/) and not the central
 *   service, except in the composition root below.
 * - The adapters import the core and never each other, nor the central service: a scanner, the
 *   screen and the sync loop meet only through the core's ports.
 * - The central service lives beside the kiosk: of `device/` it imports only what both sides share
 *   (`centralShares`), and no adapter.
 * - Nothing outside the composition root imports a module of it: it stays at the top.
 */
import test from "ava";
import { type LayerEdge, layerEdges, readImportGraph } from "../helpers/importGraph.js";

/** The modules of `device/` that build adapters and wire them to the core, and why each is one. */
const compositionRoot: ReadonlyMap<string, string> = new Map([
  ["device/main.ts", "the entry point: picks the command; `central …` runs central/centralCli.ts"],
  [
    "device/kiosk.ts",
    "the daemon: builds the scanner, printer, print queue, feedback, central client, sync loop and screen",
  ],
  ["device/doctor.ts", "`doctor`: opens each configured device and the central client to diagnose them"],
  ["device/demo.ts", "`demo`: a reference central service and a kiosk of fakes in one process"],
  [
    "device/printTest.ts",
    "`print-test`: builds the configured printer and prints the printer side's test slip",
  ],
  ["device/journalCommands.ts", "`journal recover`: builds the central client to fetch the device's records"],
  [
    "device/pairingStation.ts",
    "pairing before start and `pair`: builds the scanner, the pairing exchange and the pairing screen",
  ],
]);

/** What the central service shares with the kiosk, and why. */
const centralShares: ReadonlyMap<string, string> = new Map([
  ["device/domain.ts", "tickets and redemptions and their schemas: one data model on both sides"],
  ["device/rules.ts", "the redemption rules: the server judges an upload by the kiosk's own rules"],
  ["device/ports/wire.ts", "the HTTP API's schemas: the contract both sides validate"],
  [
    "device/ports/pairingWire.ts",
    "pairing by scanning: the QR text and POST /v1/pair, made by the central service, read by the kiosk",
  ],
  ["device/logger.ts", "one structured log format for every process"],
  [
    "device/schemaIssue.ts",
    "how a schema's problems are said: a config, an import and a refused request alike",
  ],
  ["device/pinHash.ts", "clerks' PIN hashes: made by the central import, checked by the kiosk"],
  ["device/storeFormat.ts", "the version stamp of every LevelDB store"],
  ["device/storeIntegrity.ts", "the integrity check of every LevelDB store"],
  ["device/levelBatch.ts", "the frozen options every LevelDB store's batches are written with"],
  [
    "device/loopbackHost.ts",
    "which hosts are loopback: the kiosk and the central refuse plain HTTP beyond them alike",
  ],
  [
    "device/pinLockout.ts",
    "how wrong PINs lock: the kiosk keypad and the central service's void check count alike",
  ],
  [
    "device/pinVerifier.ts",
    "PIN verifiers sealed under a device's PIN key: sealed by the central service, opened by the kiosk",
  ],
  ["device/fileBudget.ts", "how many files each LevelDB store may hold open under its unit's LimitNOFILE"],
  [
    "device/crashPoints.ts",
    "the crash harness's kill points: one switch stops a kiosk or a central service at a named step",
  ],
  ["device/storeDay.ts", "a store's day in its time zone: the kiosk's 日結 and the console's close it alike"],
  [
    "device/qrMatrix.ts",
    "QR symbols: one maker for the slips' codes the kiosk draws and the pairing codes the central service shows",
  ],
]);

const adapters: readonly string[] = ["drivers", "ui", "sync"];

/** Each import that breaks a rule above, as `importing module → imported module: the rule`. */
function wrongArrows(edges: readonly LayerEdge[]): string[] {
  const wrong: string[] = [];
  for (const { from, to, fromLayer, toLayer } of edges) {
    const arrow = `${from} → ${to}`;
    if (fromLayer === "device" && !compositionRoot.has(from))
      wrong.push(`${arrow}: the core imports no adapter (only the composition root does)`);
    if (adapters.includes(fromLayer) && toLayer !== "device")
      wrong.push(`${arrow}: an adapter imports only the core`);
    if (fromLayer === "central" && toLayer === "device" && !centralShares.has(to))
      wrong.push(`${arrow}: the central service imports only what it shares with the kiosk`);
    if (fromLayer === "central" && adapters.includes(toLayer))
      wrong.push(`${arrow}: the central service imports no adapter of the kiosk`);
    if (compositionRoot.has(to) && !compositionRoot.has(from))
      wrong.push(`${arrow}: only the composition root imports the composition root`);
  }
  return wrong;
}

test("every arrow between the layers points at the core, outside the composition root", (t) => {
  const graph = readImportGraph();
  t.true(graph.has("device/redemptionService.ts"), "the graph reads the sources");
  t.deepEqual(wrongArrows(layerEdges(graph)), []);
});

test("each module of the composition root exists and wires an adapter", (t) => {
  const edges = layerEdges(readImportGraph());
  for (const module of compositionRoot.keys())
    t.true(
      edges.some((edge) => edge.from === module && edge.toLayer !== "device"),
      `${module} imports no adapter: it belongs to the core, not the composition root`,
    );
});

test("each module the central service may share exists and is used", (t) => {
  const edges = layerEdges(readImportGraph());
  for (const module of centralShares.keys())
    t.true(
      edges.some((edge) => edge.fromLayer === "central" && edge.to === module),
      `central/ no longer uses ${module}: take it off the list`,
    );
});

test("each rule names the file and the import that break it", (t) => {
  const graph = new Map([
    ["device/redemptionService.ts", ["sync/undiciCentralApi.ts", "device/domain.ts"]],
    ["device/kiosk.ts", ["drivers/printer/createPrinter.ts", "ui/blessedUi.ts"]],
    ["ui/presenters.ts", ["sync/syncLoop.ts", "device/kiosk.ts"]],
    ["central/ledger.ts", ["device/journal.ts", "device/domain.ts", "drivers/printer/escposSlip.ts"]],
  ]);
  t.deepEqual(wrongArrows(layerEdges(graph)), [
    "central/ledger.ts → device/journal.ts: the central service imports only what it shares with the kiosk",
    "central/ledger.ts → drivers/printer/escposSlip.ts: the central service imports no adapter of the kiosk",
    "device/redemptionService.ts → sync/undiciCentralApi.ts: the core imports no adapter (only the composition root does)",
    "ui/presenters.ts → device/kiosk.ts: only the composition root imports the composition root",
    "ui/presenters.ts → sync/syncLoop.ts: an adapter imports only the core",
  ]);
});
