/**
 * A real terminal for system tests: tmux runs a command in a detached session of a fixed size, the
 * test types with `send-keys` and reads the screen with `capture-pane`. Each terminal has its own
 * tmux server socket, so tests never see each other's sessions.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface TmuxTerminal {
  /** Sends keys as tmux names them ("Enter", "Escape", "C-c") or literal text with `literal`. */
  keys(...keys: string[]): Promise<void>;
  type(text: string): Promise<void>;
  screen(): Promise<string>;
  /** The screen with its colours and attributes as escape sequences (`capture-pane -e`). */
  styledScreen(): Promise<string>;
  /** The pane's title, which an OSC sequence reaching the terminal would change. */
  title(): Promise<string>;
  /** Waits until the screen matches, and returns it. */
  waitFor(match: string | RegExp, timeoutMs?: number): Promise<string>;
  alive(): Promise<boolean>;
  close(): Promise<void>;
}

export async function startTmux(command: string, size = { columns: 100, rows: 30 }): Promise<TmuxTerminal> {
  const socket = `tk-${randomUUID().slice(0, 8)}`;
  const tmux = (...args: string[]) => run("tmux", ["-L", socket, ...args]);
  await tmux(
    "new-session",
    "-d",
    "-s",
    "kiosk",
    "-x",
    String(size.columns),
    "-y",
    String(size.rows),
    command,
  );
  await tmux("set-option", "-t", "kiosk", "remain-on-exit", "on");
  const screen = async () => (await tmux("capture-pane", "-p", "-t", "kiosk")).stdout;
  return {
    keys: async (...keys) => {
      await tmux("send-keys", "-t", "kiosk", ...keys);
    },
    type: async (text) => {
      await tmux("send-keys", "-t", "kiosk", "-l", text);
    },
    screen,
    styledScreen: async () => (await tmux("capture-pane", "-p", "-e", "-t", "kiosk")).stdout,
    title: async () => (await tmux("display-message", "-p", "-t", "kiosk", "#{pane_title}")).stdout.trim(),
    async waitFor(match, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      let last = "";
      while (Date.now() < deadline) {
        last = await screen();
        if (typeof match === "string" ? last.includes(match) : match.test(last)) return last;
        await sleep(100);
      }
      throw new Error(`the screen never showed ${String(match)}; it shows:\n${last}`);
    },
    async alive() {
      const { stdout } = await tmux("display-message", "-p", "-t", "kiosk", "#{pane_dead}");
      return stdout.trim() === "0";
    },
    async close() {
      await tmux("kill-server").catch(() => undefined);
    },
  };
}
