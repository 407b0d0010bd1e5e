/**
 * The strings of counter mode's screens besides redeeming (issue 5): login, the 電子票券 menu,
 * 票券訂單 with 進階搜尋, 核銷紀錄, 詳細訂單內容, voids, reprints, 日結, the exceptions list, device
 * status and language. zh-TW keeps the POS terms clerks know (docs/domain.md §3); as in messages.ts,
 * the closed unions of the port are keys, so a state without a message in both locales does not
 * compile.
 */
import type { HistoryState, ReprintOutcome, VoidOutcome } from "../device/backOffice.js";
import { type DayReportTerms, dayReportTerms } from "../device/dayReportTerms.js";
import type { ClerkRole, RedemptionSource } from "../device/domain.js";
import type { Attention } from "../device/journal.js";
import type { Locale } from "./messages.js";

export type MenuItemId =
  | "redeem"
  | "orders"
  | "history"
  | "dayReport"
  | "exceptions"
  | "deviceStatus"
  | "language"
  | "logout";

/** How a ticket stands, as a clerk reads it in a list. */
export type TicketStanding = "redeemable" | "used_up" | "not_yet_valid" | "expired" | "voided" | "refunded";

export type VoidReason = "quantity" | "wrongTicket" | "customer" | "other";

export interface BackOfficeMessages {
  readonly common: {
    readonly loading: string;
    readonly working: string;
    readonly failed: (detail: string) => string;
    readonly empty: string;
    /** `page` counts from 1; the hints say which ways ←→ turn (issue 11: page 2 had no way back). */
    readonly page: (page: number, more: boolean) => string;
    readonly all: string;
    readonly yes: string;
    readonly no: string;
    readonly anyKey: string;
    readonly dateHint: string;
    readonly badDate: string;
    readonly badRange: string;
  };
  readonly login: {
    readonly title: string;
    readonly supervisorTitle: string;
    readonly prompt: string;
    readonly supervisorPrompt: string;
    readonly pin: string;
    readonly checking: string;
    readonly wrongPin: (attemptsLeft: number) => string;
    readonly locked: (until: string) => string;
    readonly noClerks: string;
    /** The PIN key file is missing or not a key: clerks cannot log in until it is installed. */
    readonly noPinKey: (file: string) => string;
    /** The PIN key file holds another key than the one the clerks' PINs were sealed with. */
    readonly pinKeyMismatch: (file: string) => string;
    readonly supervisorOnly: string;
    readonly loginFirst: string;
    readonly demoHeading: string;
    /** The demo's web console: where, and the account to sign in with. */
    readonly demoConsole: (url: string, account: string, password: string) => string;
    readonly keys: string;
    readonly supervisorKeys: string;
  };
  readonly role: Readonly<Record<ClerkRole, string>>;
  readonly menu: {
    readonly heading: string;
    readonly items: Readonly<Record<MenuItemId, string>>;
    readonly keys: string;
  };
  readonly orders: {
    readonly title: string;
    readonly searchTitle: string;
    readonly allTickets: string;
    readonly filtered: (summary: string) => string;
    readonly columns: {
      readonly order: string;
      readonly product: string;
      readonly customer: string;
      readonly left: string;
      readonly standing: string;
    };
    readonly fields: {
      readonly orderNumber: string;
      readonly codePrefix: string;
      readonly customerName: string;
      readonly phoneDigits: string;
      readonly product: string;
      readonly status: string;
      readonly from: string;
      readonly to: string;
    };
    readonly statusChoice: {
      readonly redeemable: string;
      readonly used_up: string;
      readonly active: string;
      readonly voided: string;
      readonly refunded: string;
    };
    readonly phoneTooShort: string;
    readonly keys: string;
    readonly formKeys: string;
  };
  readonly standing: Readonly<Record<TicketStanding, string>>;
  readonly history: {
    readonly title: string;
    readonly ownTitle: string;
    readonly all: string;
    /** A clerk's own list, unfiltered: says whose it is, as the title does. */
    readonly ownAll: string;
    readonly filtered: (summary: string) => string;
    readonly columns: {
      readonly time: string;
      readonly order: string;
      readonly product: string;
      readonly quantity: string;
      readonly clerk: string;
      readonly state: string;
    };
    readonly fields: {
      readonly from: string;
      readonly to: string;
      readonly clerk: string;
      readonly product: string;
      readonly state: string;
      readonly ticketCode: string;
    };
    readonly keys: string;
    readonly formKeys: string;
  };
  readonly state: Readonly<Record<HistoryState, string>>;
  readonly offlineMark: string;
  readonly redemption: {
    readonly title: string;
    readonly fields: {
      readonly time: string;
      readonly product: string;
      readonly order: string;
      readonly code: string;
      readonly quantity: string;
      readonly clerk: string;
      readonly device: string;
      readonly source: string;
      readonly state: string;
      readonly conflictWith: string;
      readonly voided: string;
      readonly id: string;
    };
    readonly clockUnsynced: string;
    readonly voidedBy: (reason: string, clerk: string, at: string) => string;
    readonly actions: { readonly void: string; readonly reprint: string; readonly order: string };
    readonly reprint: Readonly<Record<ReprintOutcome, string>>;
    readonly keys: string;
    readonly viewKeys: string;
  };
  readonly source: Readonly<Record<RedemptionSource, string>>;
  readonly voiding: {
    readonly title: string;
    readonly chooseReason: string;
    readonly reasons: Readonly<Record<VoidReason, string>>;
    readonly reasonLabel: string;
    readonly reasonRequired: string;
    readonly confirm: (units: number) => string;
    readonly pin: string;
    readonly outcome: Readonly<Record<VoidOutcome, string>>;
    readonly keys: string;
    readonly typeKeys: string;
    readonly confirmKeys: string;
  };
  readonly order: {
    readonly title: string;
    readonly fields: { readonly order: string; readonly created: string; readonly customer: string };
    readonly redeemedTab: (count: number) => string;
    readonly unredeemedTab: (count: number) => string;
    readonly unitsUsed: (used: number, total: number) => string;
    readonly redeemedNote: string;
    /** The state of units used where this kiosk has no record of the redemption. */
    readonly unlisted: string;
    readonly columns: {
      readonly code: string;
      readonly product: string;
      readonly left: string;
      readonly validUntil: string;
      readonly standing: string;
    };
    readonly notFound: string;
    readonly unredeemedKeys: string;
    readonly redeemedKeys: string;
  };
  readonly dayReport: {
    readonly title: string;
    readonly heading: (day: string, store: string) => string;
    /** Shared with the printed 日結 slip. */
    readonly terms: DayReportTerms;
    readonly printed: Readonly<Record<ReprintOutcome, string>>;
    readonly keys: string;
  };
  readonly exceptions: {
    readonly title: string;
    readonly none: string;
    readonly columns: { readonly details: string };
    readonly usedFirstBy: (devices: string) => string;
    readonly printed: Readonly<Record<ReprintOutcome, string>>;
    /** An open entry the central service keeps refusing, with its words. */
    readonly attention: Readonly<Record<Attention["problem"], (detail: string) => string>>;
    readonly keys: string;
  };
  readonly device: {
    readonly title: string;
    readonly fields: {
      readonly ready: string;
      readonly version: string;
      readonly deviceId: string;
      readonly store: string;
      readonly mode: string;
      readonly connection: string;
      readonly offlineDetail: string;
      readonly pendingSync: string;
      readonly oldestPending: string;
      readonly lastSync: string;
      readonly exceptions: string;
      readonly scanner: string;
      readonly printer: string;
      readonly clock: string;
      readonly now: string;
      readonly clerk: string;
    };
    readonly mode: { readonly counter: string; readonly "self-service": string };
    readonly clockSynced: string;
    readonly clockUnsynced: string;
    readonly nobody: string;
    readonly keys: string;
  };
  readonly language: { readonly title: string; readonly keys: string };
}

/** Each language's own name, the same in every locale: a clerk who cannot read the other finds theirs. */
export const languageNames: Readonly<Record<Locale, string>> = { "zh-TW": "中文（台灣）", en: "English" };

const zhTW: BackOfficeMessages = {
  common: {
    loading: "載入中…",
    working: "處理中…",
    failed: (detail) => `✖ 發生錯誤：${detail}`,
    empty: "沒有符合的資料",
    page: (page, more) => `${page > 1 ? "← 上一頁　" : ""}第 ${page} 頁${more ? "　→ 下一頁" : ""}`,
    all: "全部",
    yes: "是",
    no: "否",
    anyKey: "按任意鍵返回",
    dateHint: "YYYY-MM-DD",
    badDate: "✖ 日期請輸入 YYYY-MM-DD，例如 2026-11-27",
    badRange: "✖ 起始日期晚於結束日期",
  },
  login: {
    title: "店員登入",
    supervisorTitle: "主管登入",
    prompt: "請輸入店員 PIN 碼，按 Enter 登入",
    supervisorPrompt: "請輸入主管 PIN 碼，按 Enter 開啟選單",
    pin: "PIN 碼",
    checking: "確認中…",
    wrongPin: (left) => (left > 0 ? `✖ PIN 碼錯誤，還可再試 ${left} 次` : "✖ PIN 碼錯誤，已無剩餘次數"),
    locked: (until) => `✖ 錯誤次數過多，已鎖定至 ${until}，請稍後再試`,
    noClerks: "⚠ 尚未收到店員資料：請確認已連線中央系統，同步後再登入",
    noPinKey: (file) => `⚠ 店員登入需要 PIN 金鑰檔 ${file}：請安裝與裝置權杖一同發出的金鑰`,
    pinKeyMismatch: (file) => `⚠ PIN 金鑰檔 ${file} 與此裝置的權杖不符：請安裝與權杖一同發出的金鑰`,
    supervisorOnly: "✖ 只有主管可以開啟選單",
    loginFirst: "⚠ 請先登入，再核銷票券",
    demoHeading: "試用 PIN（示範資料）",
    demoConsole: (url, account, password) => `後台網頁：${url}（帳號 ${account}，密碼 ${password}）`,
    keys: "數字 輸入 PIN　Enter 登入　Backspace 刪除",
    supervisorKeys: "數字 輸入 PIN　Enter 登入　Esc 返回",
  },
  role: { supervisor: "主管", redeem: "門市店員" },
  menu: {
    heading: "電子票券",
    items: {
      redeem: "核銷票券",
      orders: "票券訂單",
      history: "核銷紀錄",
      dayReport: "日結",
      exceptions: "例外清單",
      deviceStatus: "裝置狀態",
      language: "語言",
      logout: "登出",
    },
    keys: "↑↓ 或數字 選擇　Enter 開啟",
  },
  orders: {
    title: "票券訂單",
    searchTitle: "進階搜尋",
    allTickets: "全部票券，最新訂單在前",
    filtered: (summary) => `進階搜尋：${summary}`,
    columns: { order: "訂單編號", product: "商品", customer: "顧客", left: "剩餘/總數", standing: "狀態" },
    fields: {
      orderNumber: "訂單編號",
      codePrefix: "票券代碼或開頭",
      customerName: "顧客姓名",
      phoneDigits: "電話或末碼",
      product: "商品名稱",
      status: "狀態",
      from: "訂單日期（起）",
      to: "訂單日期（迄）",
    },
    statusChoice: {
      redeemable: "可核銷",
      used_up: "已用完",
      active: "有效",
      voided: "已作廢",
      refunded: "已退款",
    },
    phoneTooShort: "✖ 電話請至少輸入末 3 碼",
    keys: "↑↓ 選擇　Enter 詳細訂單內容　←→ 換頁　Tab 進階搜尋　Esc 返回",
    formKeys: "↑↓ 選欄位　←→ 選狀態　Enter 搜尋　Esc 返回清單",
  },
  standing: {
    redeemable: "可核銷",
    used_up: "已用完",
    not_yet_valid: "未開始",
    expired: "已過期",
    voided: "已作廢",
    refunded: "已退款",
  },
  history: {
    title: "核銷紀錄",
    ownTitle: "我的核銷紀錄",
    all: "全部核銷紀錄，最新在前",
    ownAll: "我的核銷紀錄，最新在前",
    filtered: (summary) => `篩選：${summary}`,
    columns: {
      time: "時間",
      order: "訂單編號",
      product: "商品",
      quantity: "數量",
      clerk: "店員",
      state: "狀態",
    },
    fields: {
      from: "日期（起）",
      to: "日期（迄）",
      clerk: "店員",
      product: "商品名稱",
      state: "狀態",
      ticketCode: "票券代碼",
    },
    keys: "↑↓ 選擇　Enter 明細　←→ 換頁　Tab 篩選　Esc 返回",
    formKeys: "↑↓ 選欄位　←→ 選項　Enter 篩選　Esc 返回清單",
  },
  state: {
    synced: "已同步",
    pending: "待同步",
    attention: "⚠ 待處理",
    conflict: "⚠ 衝突",
    rejected: "⚠ 遭拒",
    voided: "已取消",
  },
  offlineMark: "離線",
  redemption: {
    title: "核銷明細",
    fields: {
      time: "核銷時間",
      product: "商品",
      order: "訂單編號",
      code: "票券代碼",
      quantity: "核銷數量",
      clerk: "店員",
      device: "裝置",
      source: "來源",
      state: "狀態",
      conflictWith: "先核銷的裝置",
      voided: "取消核銷",
      id: "核銷編號",
    },
    clockUnsynced: "（當時時鐘未校時）",
    voidedBy: (reason, clerk, at) => `${at} ${clerk}：${reason}`,
    actions: { void: "取消核銷", reprint: "補印核銷單", order: "詳細訂單內容" },
    reprint: {
      queued: "✔ 已送出補印（單上標示 補印 REPRINT）",
      not_found: "✖ 找不到這筆核銷",
      not_redeemed: "✖ 這筆沒有核銷，無單可補印",
      no_printer: "⚠ 沒有設定印表機，無法補印",
      not_permitted: "✖ 只有主管可以補印",
    },
    keys: "↑↓ 或數字 選擇　Enter 執行　Esc 返回",
    viewKeys: "Esc 返回",
  },
  source: { scan: "掃碼槍", manual: "手動輸入", "order-detail": "詳細訂單內容" },
  voiding: {
    title: "取消核銷",
    chooseReason: "請選擇取消原因：",
    reasons: {
      quantity: "核銷數量錯誤",
      wrongTicket: "核銷了錯誤的票券",
      customer: "顧客要求取消",
      other: "其他（自行輸入）",
    },
    reasonLabel: "原因",
    reasonRequired: "✖ 請輸入取消原因",
    confirm: (units) => `確定取消核銷 ${units} 個單位？`,
    pin: "主管 PIN 碼",
    outcome: {
      voided: "✔ 已取消核銷，單位已退回票券",
      offline: "✖ 離線中：取消核銷需連線中央系統確認 PIN，請稍後再試",
      not_synced: "⚠ 這筆核銷尚未上傳中央系統，請稍後再試",
      wrong_pin: "✖ 主管 PIN 碼錯誤，未取消核銷",
      pin_locked: "✖ PIN 碼錯誤次數過多，已暫時鎖定，請稍後再試",
      not_found: "✖ 找不到這筆核銷",
      not_permitted: "✖ 只有主管可以取消核銷",
      unknown_clerk: "✖ 中央系統查無此店員，無法取消核銷",
      void_window_passed: "✖ 已超過可取消核銷的時限",
      not_redeemed: "✖ 這筆沒有核銷，無需取消",
      already_voided: "✖ 這筆已經取消過了",
    },
    keys: "↑↓ 或數字 選擇原因　Enter 下一步　Esc 返回",
    typeKeys: "輸入原因　Enter 下一步　Esc 返回",
    confirmKeys: "數字 輸入 PIN　Enter 確定取消核銷　Esc 返回",
  },
  order: {
    title: "詳細訂單內容",
    fields: { order: "訂單編號", created: "訂購時間", customer: "顧客" },
    redeemedTab: (count) => `已核銷（${count}）`,
    unredeemedTab: (count) => `未核銷（${count}）`,
    unitsUsed: (used, total) => `本訂單已核銷 ${used} / ${total} 個單位`,
    redeemedNote: "本訂單的核銷紀錄，含其他裝置與他處的核銷",
    unlisted: "他處核銷",
    columns: { code: "票券代碼", product: "商品", left: "剩餘/總數", validUntil: "有效至", standing: "狀態" },
    notFound: "✖ 找不到這張訂單",
    unredeemedKeys: "←→ 切換分頁　↑↓ 選擇　Enter 核銷票券　Esc 返回",
    redeemedKeys: "←→ 切換分頁　↑↓ 選擇　Enter 明細　Esc 返回",
  },
  dayReport: {
    title: "日結",
    heading: (day, store) => `${day} 日結　${store}`,
    terms: dayReportTerms["zh-TW"],
    printed: {
      queued: "✔ 日結單已送出列印",
      not_found: "✖ 沒有這天的資料",
      not_redeemed: "✖ 沒有這天的資料",
      no_printer: "⚠ 沒有設定印表機，無法列印",
      not_permitted: "✖ 只有主管可以列印日結單",
    },
    keys: "←→ 前一天/後一天　Enter 列印日結單　Esc 返回",
  },
  exceptions: {
    title: "例外清單",
    none: "✔ 沒有例外：所有核銷都已被中央系統接受",
    columns: { details: "說明" },
    usedFirstBy: (devices) => `先核銷：${devices}`,
    printed: {
      queued: "✔ 例外清單已送出列印",
      not_found: "✖ 沒有例外可列印",
      not_redeemed: "✖ 沒有例外可列印",
      no_printer: "⚠ 沒有設定印表機，無法列印",
      not_permitted: "✖ 只有主管可以列印例外清單",
    },
    attention: {
      upload_refused: (detail) => `拒收：${detail}`,
      cancel_refused: (detail) => `拒絕取消：${detail}`,
    },
    keys: "↑↓ 選擇　Enter 明細　←→ 換頁　* 列印　Esc 返回",
  },
  device: {
    title: "裝置狀態",
    fields: {
      ready: "就緒",
      version: "版本",
      deviceId: "裝置",
      store: "門市",
      mode: "模式",
      connection: "中央系統",
      offlineDetail: "離線細節",
      pendingSync: "待同步",
      oldestPending: "最久待同步",
      lastSync: "上次同步",
      exceptions: "例外",
      scanner: "掃碼槍",
      printer: "印表機",
      clock: "時鐘",
      now: "目前時間",
      clerk: "店員",
    },
    mode: { counter: "櫃台", "self-service": "自助" },
    clockSynced: "已校時",
    clockUnsynced: "⚠ 未校時",
    nobody: "未登入",
    keys: "Esc 返回",
  },
  language: { title: "語言", keys: "↑↓ 選擇　Enter 切換　Esc 返回" },
};

const en: BackOfficeMessages = {
  common: {
    loading: "Loading…",
    working: "Working…",
    failed: (detail) => `✖ Failed: ${detail}`,
    empty: "Nothing matches",
    page: (page, more) => `${page > 1 ? "← back   " : ""}Page ${page}${more ? "   → more" : ""}`,
    all: "All",
    yes: "yes",
    no: "no",
    anyKey: "Press any key to go back",
    dateHint: "YYYY-MM-DD",
    badDate: "✖ Dates are YYYY-MM-DD, e.g. 2026-11-27",
    badRange: "✖ The start date is after the end date",
  },
  login: {
    title: "Clerk login",
    supervisorTitle: "Supervisor login",
    prompt: "Type your clerk PIN and press Enter",
    supervisorPrompt: "Type a supervisor PIN and press Enter to open the menu",
    pin: "PIN",
    checking: "Checking…",
    wrongPin: (left) => (left > 0 ? `✖ Wrong PIN: ${left} tries left` : "✖ Wrong PIN: no tries left"),
    locked: (until) => `✖ Too many wrong PINs: locked until ${until}`,
    noClerks: "⚠ No clerks received yet: connect to the central service and let it sync",
    noPinKey: (file) => `⚠ Clerk login needs the PIN key file ${file}: install the key issued with the token`,
    pinKeyMismatch: (file) =>
      `⚠ The PIN key in ${file} is not this device token's: install the key issued with the token`,
    supervisorOnly: "✖ Only a supervisor can open the menu",
    loginFirst: "⚠ Log in before redeeming tickets",
    demoHeading: "Demo PINs",
    demoConsole: (url, account, password) => `Back office: ${url} (account ${account}, password ${password})`,
    keys: "Digits type the PIN   Enter log in   Backspace delete",
    supervisorKeys: "Digits type the PIN   Enter log in   Esc back",
  },
  role: { supervisor: "supervisor", redeem: "clerk" },
  menu: {
    heading: "E-tickets",
    items: {
      redeem: "Redeem",
      orders: "Orders",
      history: "History",
      dayReport: "Day report",
      exceptions: "Exceptions",
      deviceStatus: "Device",
      language: "Language",
      logout: "Log out",
    },
    keys: "↑↓ or digits choose   Enter open",
  },
  orders: {
    title: "Ticket orders",
    searchTitle: "Advanced search",
    allTickets: "All tickets, newest orders first",
    filtered: (summary) => `Search: ${summary}`,
    columns: { order: "Order", product: "Product", customer: "Customer", left: "Left", standing: "Status" },
    fields: {
      orderNumber: "Order number",
      codePrefix: "Code or its start",
      customerName: "Customer name",
      phoneDigits: "Phone or last digits",
      product: "Product",
      status: "Status",
      from: "Ordered from",
      to: "Ordered to",
    },
    statusChoice: {
      redeemable: "redeemable",
      used_up: "used up",
      active: "active",
      voided: "voided",
      refunded: "refunded",
    },
    phoneTooShort: "✖ Give at least the last 3 digits of the phone",
    keys: "↑↓ choose   Enter order detail   ←→ page   Tab search   Esc back",
    formKeys: "↑↓ field   ←→ status   Enter search   Esc back to the list",
  },
  standing: {
    redeemable: "redeemable",
    used_up: "used up",
    not_yet_valid: "not yet",
    expired: "expired",
    voided: "voided",
    refunded: "refunded",
  },
  history: {
    title: "Redemption history",
    ownTitle: "My redemptions",
    all: "All redemptions, newest first",
    ownAll: "My redemptions, newest first",
    filtered: (summary) => `Filter: ${summary}`,
    columns: {
      time: "Time",
      order: "Order",
      product: "Product",
      quantity: "Qty",
      clerk: "Clerk",
      state: "State",
    },
    fields: {
      from: "From date",
      to: "To date",
      clerk: "Clerk",
      product: "Product",
      state: "State",
      ticketCode: "Ticket code",
    },
    keys: "↑↓ choose   Enter details   ←→ page   Tab filter   Esc back",
    formKeys: "↑↓ field   ←→ option   Enter filter   Esc back to the list",
  },
  state: {
    synced: "synced",
    pending: "pending",
    attention: "⚠ attention",
    conflict: "⚠ conflict",
    rejected: "⚠ rejected",
    voided: "voided",
  },
  offlineMark: "offline",
  redemption: {
    title: "Redemption",
    fields: {
      time: "Redeemed at",
      product: "Product",
      order: "Order",
      code: "Code",
      quantity: "Quantity",
      clerk: "Clerk",
      device: "Device",
      source: "Source",
      state: "State",
      conflictWith: "Used first by",
      voided: "Voided",
      id: "Redemption",
    },
    clockUnsynced: " (clock not synchronised then)",
    voidedBy: (reason, clerk, at) => `${at} ${clerk}: ${reason}`,
    actions: { void: "Void", reprint: "Reprint slip", order: "Order detail" },
    reprint: {
      queued: "✔ Reprint sent (marked 補印 REPRINT)",
      not_found: "✖ No such redemption",
      not_redeemed: "✖ Nothing was redeemed: no slip to reprint",
      no_printer: "⚠ No printer configured",
      not_permitted: "✖ Only a supervisor can reprint",
    },
    keys: "↑↓ or digits choose   Enter do it   Esc back",
    viewKeys: "Esc back",
  },
  source: { scan: "scanner", manual: "typed in", "order-detail": "order detail" },
  voiding: {
    title: "Void redemption",
    chooseReason: "Why is it voided?",
    reasons: {
      quantity: "Wrong quantity",
      wrongTicket: "Wrong ticket redeemed",
      customer: "Customer asked to cancel",
      other: "Other (type it)",
    },
    reasonLabel: "Reason",
    reasonRequired: "✖ Type a reason",
    confirm: (units) => `Void ${units} unit${units === 1 ? "" : "s"}?`,
    pin: "Supervisor PIN",
    outcome: {
      voided: "✔ Voided: the units are back on the ticket",
      offline: "✖ Offline: a void needs the central service; try again once online",
      not_synced: "⚠ This redemption has not reached the central service yet; try again shortly",
      wrong_pin: "✖ Wrong supervisor PIN: not voided",
      pin_locked: "✖ Too many wrong PINs: locked for a while, try again later",
      not_found: "✖ No such redemption",
      not_permitted: "✖ Only a supervisor can void",
      unknown_clerk: "✖ The central service does not know this clerk: not voided",
      void_window_passed: "✖ Too late to void this redemption",
      not_redeemed: "✖ Nothing was redeemed: nothing to void",
      already_voided: "✖ Already voided",
    },
    keys: "↑↓ or digits choose   Enter next   Esc back",
    typeKeys: "Type the reason   Enter next   Esc back",
    confirmKeys: "Digits PIN   Enter void it   Esc back",
  },
  order: {
    title: "Order detail",
    fields: { order: "Order", created: "Ordered", customer: "Customer" },
    redeemedTab: (count) => `Redeemed (${count})`,
    unredeemedTab: (count) => `Not redeemed (${count})`,
    unitsUsed: (used, total) => `${used} of ${total} units of this order redeemed`,
    redeemedNote: "Redeemed here, on other devices, or elsewhere:",
    unlisted: "elsewhere",
    columns: {
      code: "Code",
      product: "Product",
      left: "Left",
      validUntil: "Valid until",
      standing: "Status",
    },
    notFound: "✖ No such order",
    unredeemedKeys: "←→ tab   ↑↓ choose   Enter redeem   Esc back",
    redeemedKeys: "←→ tab   ↑↓ choose   Enter details   Esc back",
  },
  dayReport: {
    title: "Day report",
    heading: (day, store) => `Day report ${day}   ${store}`,
    terms: dayReportTerms.en,
    printed: {
      queued: "✔ Day report sent to the printer",
      not_found: "✖ Nothing recorded that day",
      not_redeemed: "✖ Nothing recorded that day",
      no_printer: "⚠ No printer configured",
      not_permitted: "✖ Only a supervisor can print the day report",
    },
    keys: "←→ previous/next day   Enter print   Esc back",
  },
  exceptions: {
    title: "Exceptions",
    none: "✔ No exceptions: the central service accepted every redemption",
    columns: { details: "Details" },
    usedFirstBy: (devices) => `used first by ${devices}`,
    printed: {
      queued: "✔ Exceptions list sent to the printer",
      not_found: "✖ No exceptions to print",
      not_redeemed: "✖ No exceptions to print",
      no_printer: "⚠ No printer configured",
      not_permitted: "✖ Only a supervisor can print the exceptions list",
    },
    attention: {
      upload_refused: (detail) => `refused: ${detail}`,
      cancel_refused: (detail) => `cancel refused: ${detail}`,
    },
    keys: "↑↓ choose   Enter details   ←→ page   * print   Esc back",
  },
  device: {
    title: "Device status",
    fields: {
      ready: "Ready",
      version: "Version",
      deviceId: "Device",
      store: "Store",
      mode: "Mode",
      connection: "Central service",
      offlineDetail: "Offline detail",
      pendingSync: "Pending sync",
      oldestPending: "Oldest pending",
      lastSync: "Last sync",
      exceptions: "Exceptions",
      scanner: "Scanner",
      printer: "Printer",
      clock: "Clock",
      now: "Now",
      clerk: "Clerk",
    },
    mode: { counter: "counter", "self-service": "self-service" },
    clockSynced: "synchronised",
    clockUnsynced: "⚠ not synchronised",
    nobody: "nobody logged in",
    keys: "Esc back",
  },
  language: { title: "Language", keys: "↑↓ choose   Enter switch   Esc back" },
};

export const backOfficeCatalogues: Readonly<Record<Locale, BackOfficeMessages>> = { "zh-TW": zhTW, en };
