/** The store the console's data operations run on: the ledger's port and the console's reads. */
import type { ConsoleStore } from "../../store/consoleStore.js";
import type { LedgerStore } from "../../store/ledgerStore.js";

export type ConsoleLedgerStore = LedgerStore & ConsoleStore;
