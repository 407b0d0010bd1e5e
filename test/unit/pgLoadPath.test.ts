/**
 * `pg` stays out of every load path but the PostgreSQL store's: the kiosk, the demo and a LevelDB
 * central load nothing of it, because the store is imported dynamically only when a database URL
 * is given (central/store/storeLocation.ts). Follows the static, value (not type-only) imports
 * from the entry point, read with the compiler's parser.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import test from "ava";
import ts from "typescript";
import { repoRoot } from "../helpers/importGraph.js";

/** The modules a file loads when it is loaded: static imports and re-exports that are not type-only. */
function staticValueImports(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(repoRoot, file), "utf8"),
    ts.ScriptTarget.Latest,
  );
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && statement.importClause?.isTypeOnly !== true) {
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
    if (
      ts.isExportDeclaration(statement) &&
      !statement.isTypeOnly &&
      statement.moduleSpecifier !== undefined
    ) {
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specifiers;
}

function loadedFrom(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of staticValueImports(file)) {
      if (!specifier.startsWith(".")) packages.add(specifier);
      else
        pending.push(relative(repoRoot, resolve(repoRoot, dirname(file), specifier).replace(/\.js$/, ".ts")));
    }
  }
  return { files, packages };
}

// device/main.ts loads each command's module dynamically; these are what each command loads.
for (const [command, entry] of [
  ["run (the kiosk)", "device/kiosk.ts"],
  ["demo", "device/demo.ts"],
  ["central (every subcommand)", "central/centralCli.ts"],
] as const) {
  test(`${command} never loads pg or the PostgreSQL store until a database URL is given`, (t) => {
    const { files, packages } = loadedFrom(entry);
    t.false(packages.has("pg"));
    t.false(files.has("central/store/pgLedgerStore.ts"));
    t.false(files.has("central/store/pgMigrations.ts"));
  });
}

test("the demo and the central CLI reach the LevelDB store, so the walk follows their imports", (t) => {
  t.true(loadedFrom("device/demo.ts").files.has("central/store/levelLedgerStore.ts"));
  t.true(loadedFrom("central/centralCli.ts").files.has("central/store/storeLocation.ts"));
});

test("the PostgreSQL store does load pg (the check above can fail)", (t) => {
  t.true(loadedFrom("central/store/pgLedgerStore.ts").packages.has("pg"));
});

// The web console is loaded at its first request (central/centralServer.ts): a central serving
// only kiosks, the kiosk and the demo never load Fastify.
for (const entry of ["device/kiosk.ts", "device/demo.ts", "central/centralCli.ts"]) {
  test(`${entry} never loads Fastify or the console app until the console is asked for`, (t) => {
    const { files, packages } = loadedFrom(entry);
    t.false(packages.has("fastify"));
    t.false(files.has("central/console/consoleApp.ts"));
  });
}

test("the console app does load Fastify (the check above can fail)", (t) => {
  t.true(loadedFrom("central/console/consoleApp.ts").packages.has("fastify"));
});
