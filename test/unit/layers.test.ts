/**
 * The layers of the kiosk and the arrows between them (test/helpers/importGraph.ts reads them from
 * the sources). `device/` is the core: the adapters import it, it imports none of them, except the
 * composition root that builds the adapters.
 */
import test from "ava";
import { layerEdges, readImportGraph } from "../helpers/importGraph.js";

const compositionRoot = new Set([
  "device/main.ts",
  "device/kiosk.ts",
  "device/doctor.ts",
  "device/demo.ts",
  "device/printTest.ts",
  "device/journalCommands.ts",
]);

test("the arrows out of the core are listed", (t) => {
  const upward = layerEdges(readImportGraph())
    .filter((edge) => edge.fromLayer === "device" && !compositionRoot.has(edge.from))
    .map((edge) => `${edge.from} → ${edge.to}`);
  for (const arrow of upward) t.log(arrow);
  t.pass();
});

test("an import between two layers is an edge; one inside a layer or outside the layers is not", (t) => {
  const graph = new Map([
    ["device/a.ts", ["device/b.ts", "drivers/x.ts"]],
    ["ui/v.ts", ["device/a.ts"]],
    ["bench/run.ts", ["device/a.ts"]],
  ]);
  t.deepEqual(layerEdges(graph), [
    { from: "device/a.ts", to: "drivers/x.ts", fromLayer: "device", toLayer: "drivers" },
    { from: "ui/v.ts", to: "device/a.ts", fromLayer: "ui", toLayer: "device" },
  ]);
});
