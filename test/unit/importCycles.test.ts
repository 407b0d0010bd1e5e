/**
 * No import cycles in the product folders (test/helpers/importGraph.ts reads the graph from the
 * sources). A cycle is named module by module so the failure says which arrow to cut.
 */
import test from "ava";
import { findCycles, readImportGraph } from "../helpers/importGraph.js";

test("the product folders import each other without a cycle", (t) => {
  const graph = readImportGraph();
  t.true(graph.has("device/config.ts"), "the graph reads the sources");
  t.deepEqual(findCycles(graph), []);
});

test("a cycle is found and named module by module", (t) => {
  const graph = new Map([
    ["a.ts", ["b.ts"]],
    ["b.ts", ["c.ts", "d.ts"]],
    ["c.ts", ["a.ts"]],
    ["d.ts", []],
    ["e.ts", ["e.ts"]],
  ]);
  t.deepEqual(findCycles(graph), ["a.ts → b.ts → c.ts → a.ts", "e.ts → e.ts"]);
});
