/**
 * QR codes read back by a decoder that is not the encoder (jsQR): from pixels, and off a page as a
 * phone or a scanner would, the element's pixels as Chromium drew them (a screenshot; its PNG is
 * turned back into pixels by the same page, so no PNG decoder is needed here).
 */
import jsqr from "jsqr";
import type { Page } from "puppeteer-core";

// jsqr is CommonJS: its typings describe the ES default, which it also sets on module.exports.
const jsQR = jsqr.default;

/** The text of the QR code in an RGBA picture, or undefined when none reads. */
export function readQrPixels(rgba: Uint8ClampedArray, width: number, height: number): string | undefined {
  return jsQR(rgba, width, height)?.data;
}

/** The text of the QR code drawn by the element `selector`, or undefined when none reads. */
export async function readScreenQrCode(page: Page, selector: string): Promise<string | undefined> {
  const element = await page.$(selector);
  if (element === null) return undefined;
  const png = Buffer.from(await element.screenshot({ type: "png" })).toString("base64");
  // A string, as the other browser tests pass page code: the tests compile without the DOM's types.
  const { width, height, rgba } = (await page.evaluate(`(async () => {
    const image = new Image();
    image.src = "data:image/png;base64,${png}";
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext("2d");
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(0, 0, image.width, image.height).data;
    return { width: image.width, height: image.height, rgba: Array.from(pixels) };
  })()`)) as { width: number; height: number; rgba: number[] };
  return readQrPixels(Uint8ClampedArray.from(rgba), width, height);
}
