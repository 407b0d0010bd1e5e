/**
 * The `ticket-kiosk print-test` slip: one line of every kind of character a slip can carry, so a
 * person holding it can tell whether this printer and `printer.encoding` print Traditional Chinese
 * right, before a customer's slip shows it. Each row names what it should look like.
 */
import type { SlipEncoding } from "../../device/ports/deviceKinds.js";
import { formatSlipTime, SlipLayout, type SlipLine } from "./slipLayout.js";

export interface TestSlipInfo {
  /** The printer as configured, e.g. `serial /dev/ttyUSB0`. */
  readonly printer: string;
  readonly encoding: SlipEncoding;
  readonly paperWidthMm: 58 | 80;
  readonly deviceId: string;
  readonly at: Date;
  readonly timeZone: string;
}

/** Not in cp950: they print as `?` (emoji, circled digit, accented Latin, trade mark, a rare 堃). */
export const unencodableSample = "😀 ① é ™ 堃";

export function layoutTestSlip(info: TestSlipInfo, columns: number): SlipLine[] {
  const layout = new SlipLayout(columns);
  /** Samples are short enough for one line of 58 mm paper, so each shows whole. */
  const section = (title: string, ...samples: string[]): void => {
    layout.add(title);
    for (const sample of samples) layout.paragraph(sample);
  };
  layout.paragraph("列印測試", true, "center", "large");
  layout.add("Print test", "center", "normal", true);
  layout.rule("=");
  layout.field("時間 Time", formatSlipTime(info.at, info.timeZone));
  layout.field("裝置 Device", info.deviceId);
  layout.field("印表機 Printer", info.printer);
  layout.field("編碼 Encoding", `${info.encoding}, ${info.paperWidthMm} mm`);
  layout.rule("-");
  section(
    "ASCII",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
  );
  section("數字 Digits", "0123456789 1,234.50");
  section("常用字 Common hanzi", "電子票券核銷 台北信義 六十卅");
  section("罕用字 Rare hanzi", "龘 齉 爨 麤 猋");
  section("倚天外字 Eten extension", "碁 銹 裏 墻 恒 粧 嫺");
  section("全形標點 Full-width punctuation", "，。、；：？！「」『』", "（）【】《》…—～＄％＠");
  section("無法編碼 Unencodable: ? ? ? ? ?", unencodableSample);
  section(
    "長行 Long line, wrapped",
    "A long line wraps at the edge of the paper 這一行很長，會在紙邊換行，不會把一個中文字切成兩半 0b8e1c2a-5f3d-4c6e-9a7b-1d2e3f4a5b6c",
  );
  layout.rule("-");
  layout.add("倍高 Double height", "left", "tall");
  layout.add("粗體 Bold", "left", "normal", true);
  layout.add("大字 Large", "center", "large");
  layout.rule("=");
  layout.add("QR: TICKET-KIOSK PRINT TEST", "center");
  layout.qr("TICKET-KIOSK PRINT TEST");
  return layout.lines;
}
