/** The store the console's data operations run on: the ledger's port and the console's reads. */
import type { ConsoleData } from "../../store/consoleData.js";
import type { LedgerStore } from "../../store/ledgerStore.js";

export type ConsoleLedgerStore = LedgerStore & ConsoleData;
