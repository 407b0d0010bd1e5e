/** The TCP printer against a real loopback server standing in for port 9100. */

import { createServer, type Socket } from "node:net";
import test from "ava";
import { silentLogger } from "../../device/logger.js";
import { PrinterError } from "../../drivers/printer/printer.js";
import { TcpPrinter } from "../../drivers/printer/tcpPrinter.js";
import { contractJobs, printerContract } from "../helpers/printerContract.js";

/**
 * A raw 9100 listener. Connections are kept in the order they were accepted; `received` gives the
 * bytes of those the client has ended, so a job counts only once it is complete.
 */
async function listen(options: { pauseOnConnect?: boolean } = {}): Promise<{
  port: number;
  received: () => Buffer;
  close: () => Promise<void>;
}> {
  const connections: { socket: Socket; chunks: Buffer[]; ended: boolean }[] = [];
  const server = createServer({ pauseOnConnect: options.pauseOnConnect ?? false }, (socket) => {
    const connection = { socket, chunks: [] as Buffer[], ended: false };
    connections.push(connection);
    socket.on("data", (chunk: Buffer) => connection.chunks.push(chunk));
    socket.on("end", () => {
      connection.ended = true;
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    port: address.port,
    received: () => Buffer.concat(connections.filter((c) => c.ended).flatMap((c) => c.chunks)),
    close: () => {
      for (const { socket } of connections) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

printerContract("tcp printer", async () => {
  const { port, received, close } = await listen();
  const printer = new TcpPrinter({ host: "127.0.0.1", port, logger: silentLogger });
  return { printer, received: async () => received(), close };
});

/** A port nobody listens on: bound once to learn a free number, then closed. */
async function refusedPort(): Promise<number> {
  const { port, close } = await listen();
  await close();
  return port;
}

test("a refused connection is a retryable disconnect; start only reports it", async (t) => {
  const printer = new TcpPrinter({ host: "127.0.0.1", port: await refusedPort(), logger: silentLogger });
  await printer.start();
  t.is(printer.state(), "disconnected");
  const error = await t.throwsAsync(printer.print(contractJobs()[0]), { instanceOf: PrinterError });
  t.is(error?.code, "disconnected");
  t.true(error?.retryable);
  t.is((error?.cause as NodeJS.ErrnoException | undefined)?.code, "ECONNREFUSED");
});

test("a printer that stops reading times out, retryably", async (t) => {
  const { port, close } = await listen({ pauseOnConnect: true });
  t.teardown(close);
  const printer = new TcpPrinter({ host: "127.0.0.1", port, timeoutMs: 300, logger: silentLogger });
  // More than loopback socket buffers hold, so the write can only finish if the peer reads.
  const flood = { id: "flood", slip: { bytes: Buffer.alloc(64 * 1024 * 1024, 0x20), text: "" } };
  const error = await t.throwsAsync(printer.print(flood), { instanceOf: PrinterError });
  t.is(error?.code, "timeout");
  t.true(error?.retryable);
  t.is(printer.state(), "offline");
});
