/**
 * The functions that took the most time themselves in a V8 CPU profile (`node --cpu-prof`), the
 * first thing to read when a benchmark misses its target (docs/performance.md, "Profiling").
 *
 *   node dist/bench/profileTop.js FILE.cpuprofile|DIR [N]
 *
 * With a directory, each `.cpuprofile` in it is reported in turn (a benchmark and the servers it
 * started, when run with BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR").
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function where(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.split("/").slice(-2).join("/");
  return `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`;
}

async function report(file: string, count: number): Promise<string> {
  const profile = JSON.parse(await readFile(file, "utf8")) as Profile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, index) => {
    const node = nodes.get(id);
    const delta = profile.timeDeltas[index] ?? 0;
    totalUs += delta;
    if (node !== undefined) selfUs.set(where(node), (selfUs.get(where(node)) ?? 0) + delta);
  });
  const rows = [...selfUs]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => {
      const ms = (us / 1000).toFixed(0).padStart(7);
      const share = ((100 * us) / totalUs).toFixed(1).padStart(5);
      return `${ms} ms ${share}%  ${name}`;
    });
  return `${basename(file)}: ${(totalUs / 1000).toFixed(0)} ms sampled\n${rows.join("\n")}\n`;
}

const [target, countArg] = process.argv.slice(2);
if (target === undefined) {
  process.stderr.write("usage: profileTop FILE.cpuprofile|DIR [N]\n");
  process.exit(2);
}
const count = Number(countArg ?? 25);
const files = (await stat(target)).isDirectory()
  ? (await readdir(target))
      .filter((name) => name.endsWith(".cpuprofile"))
      .sort()
      .map((name) => join(target, name))
  : [target];
for (const file of files) process.stdout.write(`${await report(file, count)}\n`);
