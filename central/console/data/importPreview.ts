/**
 * 匯入 from the console: a JSON or CSV file's bytes checked exactly as `central import` checks them
 * (importer.ts: every row's error at once, the PIN policy of pinPolicy.ts) and planned against what
 * the store holds (importPlan.ts), writing nothing: which tickets and clerks would be new, changed or
 * unchanged. Then applied by the ledger's own import, which checks the file again against the stores
 * held at that moment. Imports change every store's tickets and clerks, so they are hq's.
 */
import type { ImportProblem } from "../../importDocument.js";
import { type ImportFormat, parseImport } from "../../importer.js";
import { type ImportSummary, planImport } from "../../importPlan.js";
import type { ImportProgressListener } from "../../importProgress.js";
import type { ImportOutcome, Ledger } from "../../ledger.js";
import { defaultPinPolicy, type PinPolicy } from "../../pinPolicy.js";
import type { ConsoleLedgerStore } from "./consoleStores.js";
import type { Audit, Viewer } from "./viewer.js";

export interface ImportFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly format: ImportFormat;
  readonly pinPolicy?: PinPolicy;
}

export interface ChangeLists {
  readonly created: string[];
  readonly updated: string[];
  readonly unchanged: string[];
}

export type ImportPreview =
  | { readonly kind: "forbidden" }
  | { readonly kind: "problems"; readonly problems: readonly ImportProblem[] }
  | {
      readonly kind: "ready";
      readonly summary: ImportSummary;
      readonly warnings: readonly ImportProblem[];
      /** Ticket codes and clerk ids by what the import would do to them. */
      readonly tickets: ChangeLists;
      readonly clerks: ChangeLists;
    };

/** The file's text: UTF-8, with a byte order mark (as Excel saves CSV) left out. */
function textOf(file: ImportFile): string {
  return new TextDecoder("utf-8").decode(file.bytes).replace(/^\uFEFF/, "");
}

export async function previewImport(
  store: ConsoleLedgerStore,
  viewer: Viewer,
  file: ImportFile,
): Promise<ImportPreview> {
  if (viewer.role !== "hq") return { kind: "forbidden" };
  const checked = parseImport(textOf(file), file.format, await store.storeIds(), undefined, file.pinPolicy);
  if (!checked.ok) return { kind: "problems", problems: checked.problems };
  const { document } = checked;
  const held = await store.heldFor(document);
  const plan = await planImport(document, held);
  const lists = (all: string[], changed: string[], isHeld: (key: string) => boolean): ChangeLists => {
    const touched = new Set(changed);
    return {
      created: changed.filter((key) => !isHeld(key)),
      updated: changed.filter(isHeld),
      unchanged: all.filter((key) => !touched.has(key)),
    };
  };
  return {
    kind: "ready",
    summary: plan.summary,
    warnings: checked.warnings,
    tickets: lists(
      document.orders.flatMap((order) => order.tickets.map((ticket) => ticket.code)),
      plan.tickets.map((change) => change.fields.code),
      (code) => held.tickets.has(code),
    ),
    clerks: lists(
      document.clerks.map((clerk) => clerk.id),
      plan.clerks.map((clerk) => clerk.id),
      (id) => held.clerks.has(id),
    ),
  };
}

export type ImportApplyOutcome =
  | { readonly kind: "forbidden" }
  | ({ readonly kind: "applied" } & ImportOutcome);

export async function applyImport(
  ledger: Ledger,
  viewer: Viewer,
  actor: string,
  file: ImportFile,
  /** Rows as they are checked, then tickets as they are written: the console's progress. */
  progress?: ImportProgressListener,
): Promise<{ readonly outcome: ImportApplyOutcome; readonly audit: Audit }> {
  const audit = (detail: string) => ({
    action: "import.apply",
    target: file.name,
    detail: `${detail} by ${actor}`,
  });
  if (viewer.role !== "hq") return { outcome: { kind: "forbidden" }, audit: audit("forbidden") };
  const outcome = await ledger.importText(
    textOf(file),
    file.format,
    progress,
    file.pinPolicy ?? defaultPinPolicy,
    `console:${actor}`,
  );
  const detail = outcome.ok
    ? `tickets ${JSON.stringify(outcome.summary.tickets)} clerks ${JSON.stringify(outcome.summary.clerks)}`
    : `refused: ${outcome.problems.length} problem(s)`;
  return { outcome: { kind: "applied", ...outcome }, audit: audit(detail) };
}
