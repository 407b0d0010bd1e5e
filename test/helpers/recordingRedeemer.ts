/**
 * The session's one dependency, canned for tests of what sits on top of it: every code is a ticket
 * with `remaining` units (5 unless given), every redemption is accepted, and what was asked is kept.
 */
import type { Redeemer } from "../../device/kioskSession.js";
import type { DecisionResult, Inspection, RedeemRequest } from "../../device/redemptionService.js";
import { makeTicket, okDecision } from "./fixtures.js";

export class RecordingRedeemer implements Redeemer {
  readonly inspected: string[] = [];
  readonly redeemed: RedeemRequest[] = [];

  constructor(private readonly remaining = 5) {}

  async inspect(code: string): Promise<Inspection> {
    this.inspected.push(code);
    return { code, outcome: "ok", ticket: makeTicket({ code }), remaining: this.remaining };
  }

  async redeem(request: RedeemRequest): Promise<DecisionResult> {
    this.redeemed.push(request);
    return okDecision(request, {
      ticket: makeTicket({ code: request.code }),
      remaining: this.remaining - request.quantity,
    });
  }
}
