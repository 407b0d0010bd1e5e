/**
 * Turns a redemption decision into a printed slip. A failed print never undoes a redemption: the
 * journal already holds it; the failure is logged and shows as the printer's state.
 */
import type { Printer, SlipData } from "../drivers/printer/printer.js";
import type { Config } from "./config.js";
import { maskCode } from "./domain.js";
import type { Logger } from "./logger.js";
import type { DecisionResult } from "./redemptionService.js";

export class SlipPrinting {
  constructor(
    private readonly config: Pick<Config, "device" | "printer">,
    private readonly printer: Printer,
    private readonly logger: Logger,
  ) {}

  async print(decision: DecisionResult): Promise<void> {
    const { redemption, ticket } = decision;
    if (this.printer.kind === "none" || redemption === undefined || ticket === undefined) return;
    const slip: SlipData = {
      storeName: this.config.device.storeName || this.config.device.storeId,
      redeemedAt: new Date(redemption.redeemedAt),
      timeZone: this.config.device.timeZone,
      productName: ticket.productName,
      variantName: ticket.variantName,
      maskedCode: maskCode(ticket.code),
      orderNumber: ticket.orderNumber,
      quantity: redemption.quantity,
      remaining: decision.remaining ?? 0,
      totalUnits: ticket.totalUnits,
      redemptionId: redemption.id,
      deviceId: redemption.deviceId,
      clerkName: redemption.clerkId,
      offline: redemption.offline,
      reprint: false,
    };
    try {
      const { encodeSlip } = await import("../drivers/printer/escposSlip.js");
      await this.printer.print({
        id: redemption.id,
        slip: encodeSlip(slip, { paperWidthMm: this.config.printer.paperWidthMm }),
      });
      this.logger.info("slip printed", { event: "print", id: redemption.id });
    } catch (error) {
      this.logger.error("slip not printed; the redemption stands", {
        event: "print_failed",
        id: redemption.id,
        error,
      });
    }
  }
}
