/**
 * Structured logs: one JSON object per line on one sink (stderr by default, which journald keeps;
 * a file when the terminal belongs to the UI). Namespaced, never printed onto the UI's terminal.
 */
import { createWriteStream } from "node:fs";

export const logLevels = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof logLevels)[number];
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(namespace: string): Logger;
}

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Where a logger's lines go: a stream, or `linesPerTurn` in front of one. */
export interface LineSink {
  write(text: string): unknown;
}

/**
 * A sink that hands the lines logged within one turn of the event loop to `sink` in one write.
 * Node writes stderr on a pipe, or on journald's socket, synchronously: a system call a write. A
 * central service answering thousands of requests a second logs two lines each (the verdict and
 * the request), and their calls were about 6 % of its main thread (docs/performance.md, "Central
 * service on LevelDB, fourth round"). What is still held when the process exits is written then,
 * so only a SIGKILL can lose lines, those of its last turn.
 */
export function linesPerTurn(sink: LineSink): LineSink {
  let held: string[] = [];
  const flush = () => {
    if (held.length === 0) return;
    const text = held.join("");
    held = [];
    sink.write(text);
  };
  process.on("exit", flush);
  return {
    write(text) {
      if (held.push(text) === 1) setImmediate(flush);
      return true;
    },
  };
}

/**
 * How many links of an error's `cause` chain a record keeps: enough for a driver error wrapping a
 * system error wrapping its origin, and bounded so a cause that points back at itself ends.
 */
export const maxCauseDepth = 5;

/**
 * Errors become plain objects (`JSON.stringify(new Error())` is `{}`) with name, message, code,
 * stack and their `cause` chain, so one journald line says where a fault came from.
 */
function serialise(value: unknown, depth = 0): unknown {
  if (!(value instanceof Error)) return value;
  const { code } = value as { code?: unknown };
  const record: Record<string, unknown> = { name: value.name, message: value.message };
  if (code !== undefined) record.code = code;
  if (value.stack !== undefined) record.stack = value.stack;
  if (value.cause !== undefined)
    record.cause = depth + 1 < maxCauseDepth ? serialise(value.cause, depth + 1) : "(cause chain cut)";
  return record;
}

export class JsonLogger implements Logger {
  constructor(
    private readonly sink: LineSink,
    private readonly namespace = "kiosk",
    private readonly minLevel: LogLevel = "info",
    private readonly now: () => Date = () => new Date(),
  ) {}

  debug(message: string, fields?: LogFields): void {
    this.write("debug", message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.write("info", message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.write("warn", message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.write("error", message, fields);
  }

  child(namespace: string): Logger {
    return new JsonLogger(this.sink, `${this.namespace}:${namespace}`, this.minLevel, this.now);
  }

  private write(level: LogLevel, message: string, fields: LogFields | undefined): void {
    if (levelRank[level] < levelRank[this.minLevel]) return;
    const record: Record<string, unknown> = {
      time: this.now().toISOString(),
      level,
      ns: this.namespace,
      msg: message,
    };
    if (fields !== undefined)
      for (const [key, value] of Object.entries(fields)) record[key] = serialise(value);
    this.sink.write(`${JSON.stringify(record)}\n`);
  }
}

/** A logger that appends to a file: for when stderr is the terminal the UI draws on. */
export function fileLogger(path: string, namespace?: string, minLevel?: LogLevel): JsonLogger {
  return new JsonLogger(createWriteStream(path, { flags: "a" }), namespace, minLevel);
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
