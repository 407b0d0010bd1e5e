/**
 * The import graph of the product folders, read from the TypeScript sources with the compiler's
 * own import scanner (`ts.preProcessFile`), and its cycles. Type-only imports count: a cycle of
 * types still ties two modules so neither can move or be understood alone.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const productFolders = ["device", "drivers", "ui", "sync", "central", "bench"] as const;

/** Module path relative to the repository root (e.g. `device/config.ts`) → the modules it imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

function sourceFiles(folder: string): string[] {
  return readdirSync(join(repoRoot, folder), { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts"))
    .map((name) => join(folder, name));
}

/** Relative `./x.js` specifiers name the compiled file; the source beside it is `./x.ts`. */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const target = resolve(repoRoot, dirname(from), specifier).replace(/\.js$/, ".ts");
  return relative(repoRoot, target);
}

export function readImportGraph(folders: readonly string[] = productFolders): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const file of folders.flatMap(sourceFiles)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(repoRoot, file), "utf8"), true, true);
    const targets = importedFiles
      .map(({ fileName }) => resolveSpecifier(file, fileName))
      .filter((target): target is string => target !== undefined);
    graph.set(file, [...new Set(targets)].sort());
  }
  return graph;
}

/** The folders that are layers of the kiosk: one core (`device/`), its adapters, and the central service beside it. */
export const layers = ["device", "drivers", "ui", "sync", "central"] as const;
export type Layer = (typeof layers)[number];

/** One import that crosses from one layer into another, runtime or type-only, static or `await import()`. */
export interface LayerEdge {
  readonly from: string;
  readonly to: string;
  readonly fromLayer: Layer;
  readonly toLayer: Layer;
}

export function layerOf(module: string): Layer | undefined {
  const top = module.split("/")[0];
  return layers.find((layer) => layer === top);
}

/** Every import between two different layers, sorted by importing module, then imported module. */
export function layerEdges(graph: ImportGraph): LayerEdge[] {
  const edges: LayerEdge[] = [];
  for (const [from, targets] of graph) {
    const fromLayer = layerOf(from);
    if (fromLayer === undefined) continue;
    for (const to of targets) {
      const toLayer = layerOf(to);
      if (toLayer !== undefined && toLayer !== fromLayer) edges.push({ from, to, fromLayer, toLayer });
    }
  }
  return edges.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

/**
 * One cycle per strongly connected component of more than one module (or a module importing
 * itself), each written `a.ts → b.ts → a.ts`. Tarjan's algorithm finds the components; a
 * breadth-first walk inside each names its shortest cycle through the component's first module.
 */
export function findCycles(graph: ImportGraph): string[] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];

  const visit = (module: string): void => {
    index.set(module, index.size);
    lowLink.set(module, index.get(module) ?? 0);
    stack.push(module);
    onStack.add(module);
    for (const next of graph.get(module) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        lowLink.set(module, Math.min(lowLink.get(module) ?? 0, lowLink.get(next) ?? 0));
      } else if (onStack.has(next)) {
        lowLink.set(module, Math.min(lowLink.get(module) ?? 0, index.get(next) ?? 0));
      }
    }
    if (lowLink.get(module) !== index.get(module)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== module);
    const selfImport = graph.get(module)?.includes(module) ?? false;
    if (component.length > 1 || selfImport) components.push(component.sort());
  };
  for (const module of [...graph.keys()].sort()) if (!index.has(module)) visit(module);

  return components.map((component) => shortestCycle(graph, component));
}

function shortestCycle(graph: ImportGraph, component: readonly string[]): string {
  const members = new Set(component);
  const start = component[0] ?? "";
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const module = queue[head] ?? "";
    for (const next of graph.get(module) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (
          let step: string | undefined = module;
          step !== start && step !== undefined;
          step = cameFrom.get(step)
        )
          path.splice(1, 0, step);
        return [...path, start].join(" → ");
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, module);
        queue.push(next);
      }
    }
  }
  return component.join(" ↔ ");
}
