/**
 * The pairing QR code (docs/central.md, "Pairing a kiosk") drawn two ways from one symbol: as text
 * for a terminal (`central pair`) and as an SVG string for the web console's 裝置 page. Error
 * correction M, like the slips' codes (drivers/printer/qrMatrix.ts): a kiosk's scanner reads it off
 * a phone or a monitor.
 */
import qrcode from "qrcode-generator";

function symbol(text: string): ReturnType<typeof qrcode> {
  const made = qrcode(0, "M");
  made.addData(text, "Byte");
  made.make();
  return made;
}

/**
 * Half blocks, two modules a character row, light modules drawn (a terminal's text is light on
 * dark), with a quiet zone of two modules.
 */
export function pairingQrTerminal(text: string): string {
  return symbol(text).createASCII(1, 2);
}

/** A scalable `<svg>` element, four modules of quiet zone, for an HTML page. */
export function pairingQrSvg(text: string): string {
  return symbol(text).createSvgTag({ cellSize: 4, margin: 16, scalable: true });
}
