/**
 * The 例外清單 slip (issue 11: a supervisor must be able to hand the list on): every redemption a
 * customer was told about that the central service did not simply accept, newest first, with what
 * the screen shows of it — time, product, quantity, state and the detail (who used the units first,
 * or the server's reason) — and the order and masked code to find the customer by.
 */
import type { ExceptionLine, ExceptionsSlip } from "../../device/ports/slipQueue.js";
import { formatSlipTime, SlipLayout, type SlipLine } from "./slipLayout.js";

const stateLabel: Readonly<Record<ExceptionLine["state"], string>> = {
  conflict: "衝突 Conflict",
  rejected: "遭拒 Rejected",
};

export function layoutExceptions(slip: ExceptionsSlip, columns: number): SlipLine[] {
  const layout = new SlipLayout(columns);
  layout.paragraph(slip.storeName, true, "center", "large");
  layout.add("例外清單 Exceptions", "center", "tall", true);
  layout.rule("=");
  layout.field("列印 Printed", formatSlipTime(slip.printedAt, slip.timeZone));
  layout.field("裝置 Device", slip.deviceId);
  if (slip.clerkName !== undefined) layout.field("店員 Clerk", slip.clerkName);
  layout.field("筆數 Count", String(slip.exceptions.length));
  if (slip.more)
    layout.paragraph(`僅列最新 ${slip.exceptions.length} 筆 Newest ${slip.exceptions.length} only`);
  layout.rule("-");
  if (slip.exceptions.length === 0) layout.add("（無 none）");
  slip.exceptions.forEach((line, i) => {
    if (i > 0) layout.rule("-");
    layout.field("時間 Time", formatSlipTime(line.redeemedAt, slip.timeZone));
    layout.add("商品 Product");
    layout.paragraph(line.productName ?? "-", true);
    if (line.orderNumber !== undefined) layout.field("訂單 Order", line.orderNumber);
    layout.field("票券 Code", line.maskedCode);
    layout.field("數量 Qty", String(line.quantity));
    layout.field("狀態 State", stateLabel[line.state]);
    if (line.usedFirstBy.length > 0) {
      layout.add("先核銷 Used first by");
      layout.paragraph(line.usedFirstBy.join(", "));
    } else if (line.reason !== undefined) {
      layout.field("原因 Reason", line.reason);
    }
  });
  layout.rule("=");
  return layout.lines;
}
