/**
 * The TCP printer against real loopback servers standing in for port 9100: a fake ESC/POS printer
 * that answers DLE EOT (`fakeEscPosDevice.ts`), and raw listeners for the failure cases.
 */

import { createServer, type Socket } from "node:net";
import test from "ava";
import { silentLogger } from "../../device/logger.js";
import { PrinterError } from "../../device/ports/printer.js";
import { TcpPrinter } from "../../drivers/printer/tcpPrinter.js";
import { fakeTcpPrinter } from "../helpers/fakeEscPosDevice.js";
import { contractJobs, printerContract, receivedBytes } from "../helpers/printerContract.js";

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
  const fake = await fakeTcpPrinter();
  const printer = new TcpPrinter({
    host: "127.0.0.1",
    port: fake.port,
    statusTimeoutMs: 3000,
    logger: silentLogger,
  });
  return { printer, received: async () => fake.device.received(), close: fake.close };
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
  const printer = new TcpPrinter({
    host: "127.0.0.1",
    port,
    timeoutMs: 300,
    statusTimeoutMs: 0,
    logger: silentLogger,
  });
  // More than loopback socket buffers hold, so the write can only finish if the peer reads.
  const flood = { id: "flood", slip: { bytes: Buffer.alloc(64 * 1024 * 1024, 0x20), text: "", svg: "" } };
  const error = await t.throwsAsync(printer.print(flood), { instanceOf: PrinterError });
  t.is(error?.code, "timeout");
  t.true(error?.retryable);
  t.is(printer.state(), "offline");
});

test("each job asks first on its own connection; a printer out of paper gets no job byte", async (t) => {
  const fake = await fakeTcpPrinter();
  t.teardown(fake.close);
  const printer = new TcpPrinter({
    host: "127.0.0.1",
    port: fake.port,
    statusTimeoutMs: 3000,
    logger: silentLogger,
  });
  await printer.start();
  t.is(printer.state(), "ready");
  fake.device.state = "paper_out";
  const [job, second] = contractJobs();
  const error = await t.throwsAsync(printer.print(job), { instanceOf: PrinterError });
  t.is(error?.code, "paper_out");
  t.true(error?.retryable);
  t.is(printer.state(), "paper_out");
  t.is(await printer.checkState(), "paper_out");
  t.deepEqual(fake.device.received(), Buffer.alloc(0));

  fake.device.state = "ready";
  t.is(await printer.checkState(), "ready");
  await printer.print(second);
  t.deepEqual(
    await receivedBytes({ received: async () => fake.device.received() }, second.slip.bytes.length),
    second.slip.bytes,
  );
  t.is(fake.connections(), 5, "one connection per check and per job");
  t.deepEqual(fake.device.queries.slice(-2), [1, 4], "asked right before the job");
});

test("a printer that accepts but never answers the status question: offline after the timeout, no hang", async (t) => {
  const fake = await fakeTcpPrinter();
  t.teardown(fake.close);
  fake.device.state = "silent";
  const printer = new TcpPrinter({
    host: "127.0.0.1",
    port: fake.port,
    statusTimeoutMs: 100,
    logger: silentLogger,
  });
  const startedAt = Date.now();
  t.is(await printer.checkState(), "offline");
  const error = await t.throwsAsync(printer.print(contractJobs()[0]), { instanceOf: PrinterError });
  t.is(error?.code, "timeout");
  t.true(Date.now() - startedAt < 2000);
  t.deepEqual(fake.device.received(), Buffer.alloc(0));
});
