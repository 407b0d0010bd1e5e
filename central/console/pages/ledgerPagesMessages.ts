/**
 * What 核銷紀錄, 例外清單 and 日結對帳 say, in zh-TW and English: the words of their tables, filters
 * and forms. The outcomes of their operations are data/consoleDataMessages.ts's.
 */
import type { TicketStatus } from "../../../device/domain.js";
import type { RejectionReason } from "../../../device/ports/wire.js";
import type { Locale } from "../consoleMessages.js";

export interface LedgerPagesMessages {
  readonly any: string;
  readonly yes: string;
  readonly no: string;
  readonly filter: string;
  readonly csv: string;
  readonly empty: string;
  readonly total: (count: number) => string;
  readonly previous: string;
  readonly next: string;
  /** Back to a list's first page, where its way back is not carried. */
  readonly newest: string;
  readonly back: string;
  readonly field: {
    readonly when: string;
    readonly received: string;
    readonly store: string;
    readonly device: string;
    readonly clerk: string;
    readonly product: string;
    readonly ticket: string;
    readonly quantity: string;
    readonly state: string;
    readonly offline: string;
    readonly conflict: string;
    readonly slipRef: string;
    readonly from: string;
    readonly until: string;
  };
  readonly detail: {
    readonly open: string;
    readonly ticket: string;
    readonly used: string;
    readonly ticketStatus: string;
    readonly ticketStatuses: Readonly<Record<TicketStatus, string>>;
    readonly reasons: Readonly<Record<RejectionReason, string>>;
    readonly noTicket: string;
    readonly order: string;
    readonly orderCreated: string;
    readonly sync: string;
    readonly madeOffline: string;
    readonly madeOnline: string;
    readonly deviceTime: string;
    readonly clockSynced: string;
    readonly delay: (seconds: number) => string;
    readonly verdict: string;
    readonly reason: string;
    readonly conflictWith: string;
    readonly voided: string;
    readonly voidReason: string;
    readonly voidForm: string;
    readonly voidSubmit: string;
    readonly voidHint: string;
  };
  readonly exceptions: {
    readonly kinds: string;
    readonly status: string;
    readonly open: string;
    readonly resolved: string;
    readonly resolvedBy: (by: string, at: string) => string;
    readonly note: string;
    readonly resolve: string;
    readonly uploads: string;
    readonly uploadCode: string;
    readonly uploadMessage: string;
  };
  readonly reconciliation: {
    readonly day: string;
    readonly zone: (day: string, timeZone: string) => string;
    readonly units: string;
    readonly redemptions: string;
    readonly offline: string;
    readonly voided: string;
    readonly total: string;
    readonly print: string;
    readonly pickStore: string;
  };
}

const zhTW: LedgerPagesMessages = {
  any: "全部",
  yes: "是",
  no: "否",
  filter: "篩選",
  csv: "匯出 CSV",
  empty: "沒有符合的紀錄",
  total: (count) => `共 ${count} 筆`,
  previous: "上一頁",
  next: "下一頁",
  newest: "回到最新",
  back: "回核銷紀錄",
  field: {
    when: "核銷時間",
    received: "上傳時間",
    store: "門市",
    device: "裝置",
    clerk: "店員",
    product: "商品",
    ticket: "票券",
    quantity: "張數",
    state: "狀態",
    offline: "離線",
    conflict: "衝突",
    slipRef: "核銷編號",
    from: "起日",
    until: "迄日",
  },
  detail: {
    open: "查看",
    ticket: "票券",
    used: "已核銷 / 總堂數",
    ticketStatus: "票券狀態",
    ticketStatuses: { active: "有效", voided: "已作廢", refunded: "已退款" },
    reasons: {
      not_found: "查無此票券",
      invalid_code: "票券代碼格式錯誤",
      not_yet_valid: "尚未到使用期間",
      expired: "票券已過期",
      voided: "票券已作廢",
      refunded: "票券已退款",
      fully_redeemed: "票券已全數核銷",
      wrong_store: "此票券不適用於本門市",
      quantity_exceeds_remaining: "張數超過剩餘堂數",
      id_reused: "核銷編號重複使用",
      invalid: "資料格式錯誤",
      cancelled: "機台已取消這筆核銷",
      unknown_clerk: "未知店員",
    },
    noTicket: "伺服器上已無這張票券",
    order: "訂單",
    orderCreated: "下單時間",
    sync: "同步",
    madeOffline: "離線核銷，之後上傳",
    madeOnline: "連線核銷",
    deviceTime: "機台時間",
    clockSynced: "機台時間已校正",
    delay: (seconds) => `核銷後 ${seconds} 秒上傳`,
    verdict: "伺服器判定",
    reason: "原因",
    conflictWith: "與以下核銷衝突",
    voided: "已取消核銷",
    voidReason: "取消原因",
    voidForm: "取消核銷",
    voidSubmit: "取消核銷",
    voidHint: "取消後票券退回堂數，各店機台下次同步時更新。",
  },
  exceptions: {
    kinds: "例外類型",
    status: "處理狀態",
    open: "未處理",
    resolved: "已處理",
    resolvedBy: (by, at) => `${by} 於 ${at} 處理`,
    note: "處理說明",
    resolve: "標記已處理",
    uploads: "被拒絕的上傳",
    uploadCode: "錯誤代碼",
    uploadMessage: "說明",
  },
  reconciliation: {
    day: "日期",
    zone: (day, timeZone) => `${day}（${timeZone} 當地日）`,
    units: "核銷張數",
    redemptions: "核銷筆數",
    offline: "其中離線",
    voided: "已取消核銷",
    total: "合計",
    print: "列印",
    pickStore: "請選擇門市與日期",
  },
};

const en: LedgerPagesMessages = {
  any: "Any",
  yes: "Yes",
  no: "No",
  filter: "Filter",
  csv: "Export CSV",
  empty: "No matching records",
  total: (count) => `${count} in all`,
  previous: "Previous page",
  next: "Next page",
  newest: "Back to the newest",
  back: "Back to redemptions",
  field: {
    when: "Redeemed",
    received: "Uploaded",
    store: "Store",
    device: "Device",
    clerk: "Clerk",
    product: "Product",
    ticket: "Ticket",
    quantity: "Units",
    state: "State",
    offline: "Offline",
    conflict: "Conflict",
    slipRef: "Slip ref",
    from: "From",
    until: "Until",
  },
  detail: {
    open: "Open",
    ticket: "Ticket",
    used: "Units redeemed / in all",
    ticketStatus: "Ticket status",
    ticketStatuses: { active: "active", voided: "voided", refunded: "refunded" },
    reasons: {
      not_found: "No such ticket",
      invalid_code: "Not a ticket code",
      not_yet_valid: "Not valid yet",
      expired: "Expired",
      voided: "Ticket voided",
      refunded: "Ticket refunded",
      fully_redeemed: "All units already redeemed",
      wrong_store: "Not valid at this store",
      quantity_exceeds_remaining: "More units than remain",
      id_reused: "Redemption id used twice",
      invalid: "Malformed record",
      cancelled: "Cancelled by the kiosk",
      unknown_clerk: "Unknown clerk",
    },
    noTicket: "The server no longer holds this ticket",
    order: "Order",
    orderCreated: "Ordered",
    sync: "Sync",
    madeOffline: "Redeemed offline, uploaded later",
    madeOnline: "Redeemed online",
    deviceTime: "Kiosk time",
    clockSynced: "Kiosk clock synchronised",
    delay: (seconds) => `Uploaded ${seconds} s after`,
    verdict: "Server verdict",
    reason: "Reason",
    conflictWith: "In conflict with",
    voided: "Voided",
    voidReason: "Reason for the void",
    voidForm: "Void this redemption",
    voidSubmit: "Void",
    voidHint: "The units go back on the ticket; kiosks update at their next sync.",
  },
  exceptions: {
    kinds: "Kind",
    status: "Status",
    open: "Open",
    resolved: "Resolved",
    resolvedBy: (by, at) => `resolved by ${by} at ${at}`,
    note: "What was done",
    resolve: "Mark resolved",
    uploads: "Refused uploads",
    uploadCode: "Code",
    uploadMessage: "Message",
  },
  reconciliation: {
    day: "Day",
    zone: (day, timeZone) => `${day} (the local day in ${timeZone})`,
    units: "Units",
    redemptions: "Redemptions",
    offline: "of which offline",
    voided: "Voided",
    total: "Total",
    print: "Print",
    pickStore: "Pick a store and a day",
  },
};

export const ledgerPagesMessages: Readonly<Record<Locale, LedgerPagesMessages>> = { "zh-TW": zhTW, en };
