/**
 * The password `central user add` reads from stdin: typed at a terminal without echo (raw mode,
 * Backspace honoured, Ctrl-C cancels), or the first line of a pipe, so a script can pass it
 * without putting it on a command line where `ps` would show it.
 */
import type { Writable } from "node:stream";

export interface PasswordInput extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
}

export class PasswordCancelled extends Error {
  override readonly name = "PasswordCancelled";
}

export function readPassword(input: PasswordInput, prompt: Writable): Promise<string> {
  return input.isTTY === true && input.setRawMode !== undefined
    ? fromTerminal(input, prompt)
    : firstLine(input);
}

async function firstLine(input: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of input) {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    if (text.includes("\n")) break;
  }
  return (text.split("\n")[0] ?? "").replace(/\r$/, "");
}

function fromTerminal(input: PasswordInput, prompt: Writable): Promise<string> {
  prompt.write("password: ");
  input.setRawMode?.(true);
  input.resume();
  return new Promise((resolve, reject) => {
    let typed = "";
    const done = (settle: () => void) => {
      input.off("data", onData);
      input.setRawMode?.(false);
      input.pause();
      prompt.write("\n");
      settle();
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of String(chunk)) {
        if (char === "\r" || char === "\n") return done(() => resolve(typed));
        if (char === "\u0003") return done(() => reject(new PasswordCancelled("cancelled")));
        typed = char === "\u007f" || char === "\b" ? typed.slice(0, -1) : typed + char;
      }
      return undefined;
    };
    input.on("data", onData);
  });
}
