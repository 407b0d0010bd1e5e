/**
 * qrSymbol.ts makes the symbol qrcode-generator makes, module for module: every data length a
 * slip's QR line can have (1–128 characters, versions 1–8) and the rest of versions 1–9, over
 * redemption ids, ASCII text and characters beyond Latin-1 (taken as their low byte, as the
 * library takes them). Inputs come from a seeded generator, so a failure names its input.
 */
import { randomUUID } from "node:crypto";
import test from "ava";
import qrcode from "qrcode-generator";
import { encodeQr } from "../../drivers/printer/qrSymbol.js";

function librarySymbol(data: string): { size: number; modules: number[] } {
  const symbol = qrcode(0, "M");
  symbol.addData(data, "Byte");
  symbol.make();
  const size = symbol.getModuleCount();
  const modules: number[] = [];
  for (let row = 0; row < size; row += 1)
    for (let col = 0; col < size; col += 1) modules.push(symbol.isDark(row, col) ? 1 : 0);
  return { size, modules };
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

test("the same modules as qrcode-generator for every length up to version 9, and undefined beyond", (t) => {
  const random = seeded(16);
  const inputs = [randomUUID(), randomUUID().toUpperCase(), "7KQ2-M9XT-B4AR", "台北信義店 #10000001"];
  for (let length = 1; length <= 180; length += 1) {
    const chars = Array.from({ length }, () => {
      const roll = random();
      return String.fromCharCode(roll < 0.8 ? 32 + Math.floor(random() * 95) : Math.floor(random() * 0x9fff));
    });
    inputs.push(chars.join(""));
  }
  for (const data of inputs) {
    const own = encodeQr(data);
    if (own === undefined) {
      t.fail(`no symbol for ${JSON.stringify(data)}`);
      continue;
    }
    const library = librarySymbol(data);
    t.is(own.size, library.size, JSON.stringify(data));
    t.deepEqual([...own.modules], library.modules, JSON.stringify(data));
  }
  t.is(encodeQr("x".repeat(181)), undefined, "version 10 and up are the library's");
});
