/**
 * Open file descriptors for the two services, kept under the units' `LimitNOFILE=` (systemd/).
 * Node raises its own soft limit at start, but the units' system call filter refuses that
 * (`~@resources`), so the limit systemd sets is the one that holds: its default of 1024 is below
 * LevelDB's default table cache of 1000 files plus the central service's 512 connections, and a
 * process over its limit fails `accept()` and opens with EMFILE. Each LevelDB is given a table
 * cache (`maxOpenFiles`) that, with the connections and a reserve, fits under its unit's limit;
 * test/integration/systemdUnits.test.ts checks the sums against the unit files.
 */

/** Node itself, libuv, the log, the unix sockets, serial devices and printers, child processes. */
export const descriptorReserve = 128;

/** The central service's LevelDB (central/centralStore.ts): its default, for a store of millions. */
export const centralMaxOpenFiles = 1000;

/** `LimitNOFILE=` of ticket-kiosk-central.service: the table cache, the connection cap and the reserve. */
export const centralFileLimit = 4096;

/** The kiosk's journal (device/levelJournal.ts): one store's tickets, a few hundred table files at most. */
export const journalMaxOpenFiles = 256;

/** `LimitNOFILE=` of ticket-kiosk.service. */
export const kioskFileLimit = 1024;
