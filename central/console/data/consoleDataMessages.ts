/**
 * What the console's pages say about the outcomes of its data operations, in zh-TW and English. The
 * closed unions of the operations are the keys, so an outcome without a message in both locales
 * does not compile.
 */
import type { RedemptionState } from "../../store/consoleData.js";
import type { ClerkEnableOutcome, SetPinOutcome } from "./clerkAdmin.js";
import type { DayReconciliationOutcome } from "./dayReconciliation.js";
import type { DeviceChangeOutcome } from "./deviceAdmin.js";
import type { ExceptionKind } from "./exceptionList.js";
import type { ResolveOutcome } from "./exceptionResolve.js";
import type { ConsoleVoidOutcome } from "./redemptionVoid.js";

export type ConsoleLocale = "zh-TW" | "en";

export interface ConsoleDataMessages {
  readonly redemptionState: Readonly<Record<RedemptionState, string>>;
  readonly void: Readonly<Record<ConsoleVoidOutcome["kind"], string>>;
  readonly exceptionKind: Readonly<Record<ExceptionKind, string>>;
  readonly resolve: Readonly<Record<ResolveOutcome["kind"], string>>;
  /** One message per PIN rule; `pin_too_short` says the role's least length. */
  readonly setPin: {
    readonly [K in SetPinOutcome["kind"]]: (outcome: Extract<SetPinOutcome, { kind: K }>) => string;
  };
  readonly clerkEnable: Readonly<Record<ClerkEnableOutcome["kind"], string>>;
  readonly deviceChange: Readonly<Record<DeviceChangeOutcome["kind"], string>>;
  readonly dayReconciliation: Readonly<Record<Exclude<DayReconciliationOutcome["kind"], "report">, string>>;
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
    exceptionKind: {
      conflict: "重複核銷衝突",
      offline_refused: "離線核銷被拒",
      late_offline: "離線核銷延遲上傳",
      clock_suspect: "機台時間可疑",
      unknown_clerk: "未知店員",
    },
    resolve: {
      resolved: "已標記為已處理。",
      already_resolved: "這筆已經有人處理過了。",
      not_found: "找不到這筆例外。",
      note_invalid: "請填寫處理說明（500 字以內）。",
    },
    setPin: {
      pin_set: () => "密碼已更新，各店機台下次同步時生效。",
      not_found: () => "找不到這位店員。",
      forbidden: () => "這位店員也在您無權管理的門市，請總部修改。",
      pin_not_digits: () => "密碼須為 4 到 12 位數字。",
      pin_too_short: ({ role, least }) =>
        `${role === "supervisor" ? "主管" : "店員"}密碼至少需要 ${least} 位數字。`,
    },
    clerkEnable: {
      disabled: "已停用，各店機台下次同步後無法登入。",
      enabled: "已啟用，各店機台下次同步後可登入。",
      unchanged: "狀態沒有改變。",
      not_found: "找不到這位店員。",
      forbidden: "這位店員也在您無權管理的門市，請總部修改。",
    },
    deviceChange: {
      renamed: "已更名。",
      moved: "已移到新門市；機台設定的門市也要一併修改，否則同步會被拒絕。",
      revoked: "已撤銷：這台機台的 token 立即失效。",
      unchanged: "狀態沒有改變。",
      not_found: "找不到這台機台。",
      name_invalid: "名稱須為 1 到 100 個字。",
      unknown_store: "沒有這家門市，或您無權管理。",
    },
    dayReconciliation: {
      not_found: "沒有這家門市，或您無權查看。",
      day_invalid: "請以 YYYY-MM-DD 指定日期。",
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
    exceptionKind: {
      conflict: "Redeemed twice (conflict)",
      offline_refused: "Offline redemption refused",
      late_offline: "Offline redemption uploaded late",
      clock_suspect: "Kiosk clock suspect",
      unknown_clerk: "Unknown clerk",
    },
    resolve: {
      resolved: "Marked resolved.",
      already_resolved: "Someone has already resolved this.",
      not_found: "No such exception.",
      note_invalid: "Say what was done (up to 500 characters).",
    },
    setPin: {
      pin_set: () => "PIN changed: kiosks take it at their next sync.",
      not_found: () => "No such clerk.",
      forbidden: () => "This clerk also works at a store you do not manage: ask head office.",
      pin_not_digits: () => "A PIN is 4 to 12 digits.",
      pin_too_short: ({ role, least }) => `A ${role} PIN needs at least ${least} digits.`,
    },
    clerkEnable: {
      disabled: "Disabled: kiosks refuse this clerk after their next sync.",
      enabled: "Enabled: kiosks accept this clerk after their next sync.",
      unchanged: "Nothing changed.",
      not_found: "No such clerk.",
      forbidden: "This clerk also works at a store you do not manage: ask head office.",
    },
    deviceChange: {
      renamed: "Renamed.",
      moved: "Moved: change the store in the kiosk's own configuration too, or its syncs are refused.",
      revoked: "Revoked: this kiosk's token stops working at once.",
      unchanged: "Nothing changed.",
      not_found: "No such kiosk.",
      name_invalid: "A name is 1 to 100 characters.",
      unknown_store: "No such store, or not one you manage.",
    },
    dayReconciliation: {
      not_found: "No such store, or not one you may see.",
      day_invalid: "Give the day as YYYY-MM-DD.",
    },
  },
};
