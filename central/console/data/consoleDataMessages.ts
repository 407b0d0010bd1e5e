/**
 * What the console's pages say about the outcomes of its data operations, in zh-TW and English. The
 * closed unions of the operations are the keys, so an outcome without a message in both locales
 * does not compile.
 */
import type { RedemptionState } from "../../store/consoleStore.js";
import type { ConsoleVoidOutcome } from "./redemptionVoid.js";

export type ConsoleLocale = "zh-TW" | "en";

export interface ConsoleDataMessages {
  readonly redemptionState: Readonly<Record<RedemptionState, string>>;
  readonly void: Readonly<Record<ConsoleVoidOutcome["kind"], string>>;
}

export const consoleDataMessages: Readonly<Record<ConsoleLocale, ConsoleDataMessages>> = {
  "zh-TW": {
    redemptionState: {
      accepted: "已核銷",
      conflict: "衝突",
      rejected: "拒絕",
      cancelled: "已取消",
      voided: "已取消核銷",
    },
    void: {
      voided: "已取消核銷，票券已退回堂數，各店機台下次同步時更新。",
      duplicate: "這筆核銷已經取消過了。",
      not_found: "找不到這筆核銷紀錄。",
      reason_invalid: "請填寫取消原因（500 字以內）。",
      not_redeemed: "這筆紀錄當時已被拒絕，沒有堂數可退。",
      void_window_passed: "已超過可取消核銷的時限。",
    },
  },
  en: {
    redemptionState: {
      accepted: "Redeemed",
      conflict: "Conflict",
      rejected: "Refused",
      cancelled: "Cancelled",
      voided: "Voided",
    },
    void: {
      voided: "Voided: the units are back on the ticket; kiosks update at their next sync.",
      duplicate: "This redemption was already voided.",
      not_found: "No such redemption.",
      reason_invalid: "Give a reason for the void (up to 500 characters).",
      not_redeemed: "This record was refused: there are no units to give back.",
      void_window_passed: "The time allowed for a void has passed.",
    },
  },
};
