/**
 * Every string the kiosk screen shows, in zh-TW (the default) and English (docs/domain.md §1: each
 * outcome has a message in both). The catalogue is one typed object per locale, keyed by the
 * closed unions of the domain, so a new outcome, offline reason or device state without a message
 * in both locales is a compile error. zh-TW keeps the POS terms of docs/domain.md §3 (電子票券, 核銷票券, 確認核銷數量,
 * 核銷紀錄, 掃碼槍, 確認送出) so clerks trained on the POS find the same words.
 */

import type { OfflineReason } from "../device/connectivity.js";
import type { Outcome } from "../device/domain.js";
import type { PrinterState } from "../device/ports/printer.js";
import type { ScannerState } from "../device/ports/scanner.js";
import type { DecisionDetail } from "../device/redemptionService.js";

export const locales = ["zh-TW", "en"] as const;
export type Locale = (typeof locales)[number];

export interface Messages {
  /** The app's name in the header: the left-hand menu entry of the POS terms (docs/domain.md §3). */
  readonly app: string;
  readonly title: {
    readonly scan: string;
    readonly confirm: string;
    readonly switch: string;
    readonly result: string;
  };
  /** Another code scanned while confirming: the question, and the labels of the two tickets. */
  readonly switchTicket: { readonly question: string; readonly current: string; readonly next: string };
  /** The alert line while the scanner is unplugged: what happened and what to do. */
  readonly scannerAlert: string;
  /** The alert line while the journal is damaged (docs/reliability.md): nothing is redeemed. */
  readonly journalDamaged: string;
  /** The alert line while slips a crash left unqueued are being printed after the restart. */
  readonly recoveredSlips: (count: number) => string;
  /**
   * A first or full ticket download (issue 19): its name, the alert that the local copy is still
   * filling (so scans are decided online meanwhile), and the time left or that it is being estimated.
   */
  readonly download: {
    readonly label: string;
    readonly filling: string;
    readonly left: (age: string) => string;
    readonly estimating: string;
  };
  readonly scanPrompt: string;
  /** Label of the manual entry line (手動 key 入). */
  readonly entryLabel: string;
  readonly demoHeading: string;
  /** A demo code's units left now (the scan screen's list of demo codes). */
  readonly demoUnits: (left: number, total: number) => string;
  readonly working: { readonly lookup: string; readonly commit: string };
  readonly field: {
    readonly product: string;
    readonly order: string;
    readonly code: string;
    readonly customer: string;
    readonly validity: string;
    readonly remainingTotal: string;
    readonly quantity: string;
    readonly redeemedNow: string;
    readonly redemptionId: string;
    readonly reason: string;
  };
  readonly validity: {
    readonly always: string;
    readonly from: (date: string) => string;
    readonly until: (date: string) => string;
    readonly range: (from: string, until: string) => string;
  };
  /** The allowed range under the big quantity. */
  readonly quantityRange: (max: number) => string;
  /** The range while offline, when the offline limit is below the units left. */
  readonly quantityRangeOffline: (max: number) => string;
  /** A quantity typed or stepped to above the range: refused; what Enter redeems is unchanged. */
  readonly quantityRefused: (asked: number, max: number, kept: number) => string;
  /** Scans waiting behind the one being looked up or decided. */
  readonly waitingScans: (count: number) => string;
  /** The result of a redemption whose slip did not print: it stands, the slip waits. */
  readonly slipWaiting: string;
  /** Why, beyond the outcome, in words: every detail code of the closed set. */
  readonly reason: Readonly<Record<DecisionDetail, string>>;
  readonly keys: {
    readonly scan: string;
    readonly confirm: string;
    readonly switch: string;
    readonly result: string;
  };
  readonly outcome: Readonly<Record<Outcome, string>>;
  /** `wrong_store` when the central service named the stores the ticket is for (issue 11). */
  readonly validOnlyAt: (stores: string) => string;
  /** The extra line of a decision taken offline (the slip carries the same mark). */
  readonly offlineMark: string;
  /** A whole sentence per reason, for the alert line above the status bar. */
  readonly offlineReason: Readonly<Record<OfflineReason, string>>;
  /** A word or two per reason, for the status bar itself. */
  readonly offlineShort: Readonly<Record<OfflineReason, string>>;
  readonly scannerState: Readonly<Record<ScannerState, string>>;
  readonly printerState: Readonly<Record<PrinterState, string>>;
  readonly status: {
    readonly online: string;
    readonly offline: string;
    readonly offlineBecause: (reason: string) => string;
    readonly pending: string;
    readonly pendingShort: string;
    readonly lastSync: string;
    readonly lastSyncShort: string;
    readonly never: string;
    readonly scanner: string;
    readonly printer: string;
    readonly clerk: string;
  };
  /** Self-service: a customer at arm's length, no typing, no other customer's data. */
  readonly selfService: {
    readonly scanPrompt: readonly string[];
    readonly takeSlip: string;
    /** The slip did not print: where the customer gets one. */
    readonly slipWaiting: string;
    /** After a refusal: what the customer can do next. */
    readonly askStaff: string;
    readonly confirmKeys: string;
    readonly resultKeys: string;
    /** The touch buttons' labels. */
    readonly buttons: {
      readonly minus: string;
      readonly plus: string;
      readonly confirm: string;
      readonly cancel: string;
      readonly next: string;
    };
  };
}

const zhTW: Messages = {
  app: "電子票券",
  title: { scan: "核銷票券", confirm: "確認核銷數量", switch: "切換票券", result: "核銷結果" },
  switchTicket: { question: "切換到剛掃描的新票券？", current: "目前票券", next: "新票券" },
  scannerAlert: "掃碼槍未連接：請檢查連接線，接回後會自動恢復",
  journalDamaged: "資料損毀，請聯絡管理員（暫停核銷）",
  recoveredSlips: (count) => `重新啟動前未列印的收據 ${count} 張，列印中`,
  download: {
    label: "下載票券資料",
    filling: "本機票券資料下載中，掃描改由線上判斷",
    left: (age) => `約剩 ${age}`,
    estimating: "估算剩餘時間中",
  },
  scanPrompt: "請掃描 QR code 或輸入票券代碼，按 Enter 確認送出",
  entryLabel: "票券代碼",
  demoHeading: "試用代碼（示範資料）",
  demoUnits: (left, total) => (left === 0 ? "已全部核銷" : `剩 ${left} 次（共 ${total} 次）`),
  working: { lookup: "查詢中…", commit: "核銷中…" },
  field: {
    product: "商品",
    order: "訂單編號",
    code: "票券代碼",
    customer: "顧客",
    validity: "有效期間",
    remainingTotal: "剩餘 / 總數",
    quantity: "核銷數量",
    redeemedNow: "本次核銷",
    redemptionId: "核銷編號",
    reason: "原因",
  },
  validity: {
    always: "不限",
    from: (date) => `${date} 起`,
    until: (date) => `至 ${date}`,
    range: (from, until) => `${from} ～ ${until}`,
  },
  quantityRange: (max) => `可核銷 1 ～ ${max}`,
  quantityRangeOffline: (max) => `離線中，可核銷 1 ～ ${max}`,
  quantityRefused: (asked, max, kept) => `✖ ${asked} 超過可核銷上限 ${max}，數量為 ${kept}`,
  waitingScans: (count) => `另有 ${count} 筆掃描等待處理`,
  slipWaiting: "⚠ 核銷單未印出：已排入列印佇列，印表機恢復後自動列印",
  reason: {
    policy: "離線時不可核銷（店家設定）",
    quantity: "超過離線時單次可核銷的數量",
    stale_snapshot: "本機票券資料太久未更新，離線時無法判斷",
    clock: "本機時間未校正，離線時無法判斷",
    not_in_snapshot: "本機沒有此票券的資料，離線時無法判斷",
    first_download: "本機票券資料尚未下載完成，離線時還無法判斷",
    id_reused: "核銷編號重複使用",
    invalid: "核銷資料格式不正確",
    cancelled: "此核銷已被取消",
    unauthorized: "裝置權杖遭拒",
    scope_mismatch: "權杖與本機設定的裝置或門市不符",
    token_missing: "找不到裝置權杖檔案",
    bad_request: "中央系統判定請求有誤",
    unknown_clerk: "中央系統查無此店員",
  },
  keys: {
    scan: "Enter 確認送出　Backspace 刪除　Esc 清除",
    confirm: "↑/↓ 或 +/- 或數字 調整數量　Enter 確認　Esc 取消",
    switch: "Enter 是，切換　Esc 否，繼續目前票券",
    result: "按任意鍵繼續",
  },
  outcome: {
    ok: "核銷成功",
    not_found: "查無此票券",
    invalid_code: "票券代碼無效",
    not_yet_valid: "票券尚未開始使用",
    expired: "票券已過期",
    voided: "票券已作廢",
    refunded: "票券已退款",
    fully_redeemed: "票券已全數核銷",
    wrong_store: "此票券不適用於本門市",
    quantity_exceeds_remaining: "核銷數量超過剩餘數量",
    offline_refused: "離線中，無法核銷此數量",
    conflict: "核銷衝突：中央系統的剩餘數量不足，請通知主管",
    rejected: "中央系統拒絕此核銷，請通知主管",
    not_authorized: "本機未獲授權，未核銷：請聯絡管理員",
    central_error: "中央系統回報錯誤，未核銷：請通知主管",
    busy: "掃描過多，此筆未處理，請稍候再掃描",
  },
  validOnlyAt: (stores) => `限 ${stores} 使用`,
  offlineMark: "離線 OFFLINE",
  offlineReason: {
    starting: "正在連線中央系統…",
    timeout: "中央系統回應逾時：離線核銷中，恢復連線後自動同步",
    network: "網路中斷：離線核銷中，恢復連線後自動同步",
    server: "中央系統故障：離線核銷中，恢復連線後自動同步",
    unauthorized: "同步已停止：裝置權杖遭拒，請聯絡管理員",
    scope_mismatch: "同步已停止：權杖與本機設定的裝置或門市不符，請聯絡管理員",
    token_missing: "同步已停止：找不到裝置權杖檔案，請聯絡管理員",
    rate_limited: "中央系統忙碌：稍後自動重試",
    bad_answer: "中央系統回應異常：稍後自動重試",
    slow: "中央系統回應太慢：暫以離線核銷，恢復後自動連線",
  },
  offlineShort: {
    starting: "連線中",
    timeout: "逾時",
    network: "網路",
    server: "伺服器",
    unauthorized: "權杖遭拒",
    scope_mismatch: "權杖不符",
    token_missing: "缺權杖檔",
    rate_limited: "忙碌",
    bad_answer: "回應異常",
    slow: "回應慢",
  },
  scannerState: { connected: "已連接", disconnected: "未連接", none: "未設定" },
  printerState: {
    ready: "就緒",
    paper_out: "缺紙",
    cover_open: "上蓋開啟",
    offline: "離線",
    disconnected: "未連接",
    none: "未設定",
  },
  status: {
    online: "連線",
    offline: "離線",
    offlineBecause: (reason) => `離線（${reason}）`,
    pending: "待同步",
    pendingShort: "待",
    lastSync: "上次同步",
    lastSyncShort: "同步",
    never: "--",
    scanner: "掃碼槍",
    printer: "印表機",
    clerk: "店員",
  },
  selfService: {
    scanPrompt: ["請將票券的 QR code", "對準掃描器"],
    takeSlip: "請取走核銷單",
    slipWaiting: "核銷單未能列印，請洽櫃台人員",
    askStaff: "請洽櫃台人員",
    confirmKeys: "+ / - 調整數量　Enter 確認核銷　Esc 取消",
    resultKeys: "按任意鍵繼續",
    buttons: { minus: "－", plus: "＋", confirm: "確認核銷", cancel: "取消", next: "繼續" },
  },
};

const en: Messages = {
  app: "E-tickets",
  title: { scan: "Redeem ticket", confirm: "Confirm quantity", switch: "Switch ticket", result: "Result" },
  switchTicket: { question: "Switch to the new ticket?", current: "Current ticket", next: "New ticket" },
  scannerAlert: "Scanner disconnected: check its cable; it reconnects by itself",
  journalDamaged: "Data damaged: contact the administrator (redemption stopped)",
  recoveredSlips: (count) => `Printing ${count} slip(s) left unprinted before the restart`,
  download: {
    label: "Downloading tickets",
    filling: "Cache filling, scans go online",
    left: (age) => `about ${age} left`,
    estimating: "estimating time left",
  },
  scanPrompt: "Scan the QR code or type the ticket code, then press Enter",
  entryLabel: "Ticket code",
  demoHeading: "Try these codes (demo data)",
  demoUnits: (left, total) => (left === 0 ? "fully redeemed" : `${left} of ${total} units left`),
  working: { lookup: "Looking up…", commit: "Redeeming…" },
  field: {
    product: "Product",
    order: "Order",
    code: "Code",
    customer: "Customer",
    validity: "Valid",
    remainingTotal: "Left / total",
    quantity: "Quantity",
    redeemedNow: "Redeemed now",
    redemptionId: "Redemption",
    reason: "Reason",
  },
  validity: {
    always: "any time",
    from: (date) => `from ${date}`,
    until: (date) => `until ${date}`,
    range: (from, until) => `${from} to ${until}`,
  },
  quantityRange: (max) => `1 to ${max} allowed`,
  quantityRangeOffline: (max) => `Offline: 1 to ${max} allowed`,
  quantityRefused: (asked, max, kept) => `✖ ${asked} is more than ${max}; the quantity is ${kept}`,
  waitingScans: (count) => `${count} more scan${count === 1 ? "" : "s"} waiting`,
  slipWaiting: "⚠ Slip not printed: it is queued and prints when the printer is back",
  reason: {
    policy: "No redemptions while offline (store setting)",
    quantity: "More units than one offline redemption may take",
    stale_snapshot: "The local ticket data is too old to decide offline",
    clock: "The clock is not synchronised: cannot decide offline",
    not_in_snapshot: "This ticket is not in the local data: cannot decide offline",
    first_download: "Ticket data still downloading: cannot decide offline yet",
    id_reused: "Redemption id used twice",
    invalid: "The redemption was malformed",
    cancelled: "This redemption was cancelled",
    unauthorized: "the device token was refused",
    scope_mismatch: "the token is for another device or store",
    token_missing: "the device token file is missing",
    bad_request: "the central service found the request malformed",
    unknown_clerk: "the central service does not know this clerk",
  },
  keys: {
    scan: "Enter submit   Backspace delete   Esc clear",
    confirm: "↑/↓ or +/- or digits change quantity   Enter confirm   Esc cancel",
    switch: "Enter = yes, switch   Esc = no, keep the current ticket",
    result: "Press any key to continue",
  },
  outcome: {
    ok: "Redeemed",
    not_found: "Ticket not found",
    invalid_code: "Invalid ticket code",
    not_yet_valid: "Ticket not valid yet",
    expired: "Ticket expired",
    voided: "Ticket voided",
    refunded: "Ticket refunded",
    fully_redeemed: "All units already redeemed",
    wrong_store: "Not valid at this store",
    quantity_exceeds_remaining: "More than the units left",
    offline_refused: "Offline: cannot redeem this quantity",
    conflict: "Conflict: the central service had fewer units left; tell a supervisor",
    rejected: "Refused by the central service; tell a supervisor",
    not_authorized: "Kiosk not authorised: not redeemed. Call the administrator",
    central_error: "Central service error: not redeemed. Tell a supervisor",
    busy: "Too many scans at once: this one was not taken, scan it again",
  },
  validOnlyAt: (stores) => `Valid only at ${stores}`,
  offlineMark: "OFFLINE",
  offlineReason: {
    starting: "Connecting to the central service…",
    timeout: "Central service timed out: redeeming offline, will sync when back",
    network: "Network down: redeeming offline, will sync when back",
    server: "Central service failing: redeeming offline, will sync when back",
    unauthorized: "Syncing stopped: the device token was refused. Call the administrator",
    scope_mismatch:
      "Syncing stopped: the token is for another device or store than this kiosk's config. Call the administrator",
    token_missing: "Syncing stopped: the device token file is missing. Call the administrator",
    rate_limited: "Central service busy: retrying shortly",
    bad_answer: "Central service answered oddly: retrying shortly",
    slow: "Central service too slow: redeeming offline until it answers quickly again",
  },
  offlineShort: {
    starting: "connecting",
    timeout: "timeout",
    network: "network",
    server: "server",
    unauthorized: "token refused",
    scope_mismatch: "token mismatch",
    token_missing: "no token file",
    rate_limited: "busy",
    bad_answer: "bad answer",
    slow: "slow",
  },
  scannerState: { connected: "connected", disconnected: "disconnected", none: "none" },
  printerState: {
    ready: "ready",
    paper_out: "paper out",
    cover_open: "cover open",
    offline: "offline",
    disconnected: "disconnected",
    none: "none",
  },
  status: {
    online: "Online",
    offline: "Offline",
    offlineBecause: (reason) => `Offline (${reason})`,
    pending: "Pending",
    pendingShort: "Pend",
    lastSync: "Last sync",
    lastSyncShort: "Sync",
    never: "--",
    scanner: "Scanner",
    printer: "Printer",
    clerk: "Clerk",
  },
  selfService: {
    scanPrompt: ["Hold your ticket's QR code", "under the scanner"],
    takeSlip: "Please take your slip",
    slipWaiting: "Your slip could not be printed: please ask staff",
    askStaff: "Please ask staff",
    confirmKeys: "+ / - change quantity   Enter redeem   Esc cancel",
    resultKeys: "Press any key to continue",
    buttons: { minus: "-", plus: "+", confirm: "Redeem", cancel: "Cancel", next: "Continue" },
  },
};

export const catalogues: Readonly<Record<Locale, Messages>> = { "zh-TW": zhTW, en };
