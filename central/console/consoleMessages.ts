/**
 * Every string the web console shows, in zh-TW (the default, the terms of docs/domain.md §3) and
 * English. The language is the visitor's choice, kept in a cookie (consoleApp.ts).
 */
/** The console's languages: the kiosk's own (ui/messages.ts), kept here since central/ imports no ui/. */
export const locales = ["zh-TW", "en"] as const;
export type Locale = (typeof locales)[number];

export type PageName =
  | "dashboard"
  | "redemptions"
  | "exceptions"
  | "tickets"
  | "clerks"
  | "devices"
  | "reconciliation"
  | "audit";

export const pageNames: readonly PageName[] = [
  "dashboard",
  "redemptions",
  "exceptions",
  "tickets",
  "clerks",
  "devices",
  "reconciliation",
  "audit",
];

export interface ConsoleMessages {
  readonly lang: string;
  readonly title: string;
  readonly pages: Readonly<Record<PageName, string>>;
  readonly notYet: string;
  readonly switchTo: string;
  readonly notFound: string;
  readonly failed: string;
  /** The console's database cannot be reached now (a PostgreSQL down). */
  readonly storeDown: string;
  /** A request body over the cap (the import's upload): the cap in MiB. */
  readonly tooLarge: (mib: number) => string;
  /** A request the console could not read (a malformed form, say). */
  readonly badRequest: string;
  readonly login: {
    readonly heading: string;
    readonly name: string;
    readonly password: string;
    readonly submit: string;
    readonly refused: string;
    readonly tooMany: (seconds: number) => string;
    readonly logout: string;
    readonly signedInAs: (name: string, role: string) => string;
  };
  readonly roles: Readonly<Record<"hq" | "manager", string>>;
  readonly csrfRefused: string;
  readonly forbiddenStore: string;
  readonly dashboard: {
    readonly today: string;
    readonly perStore: string;
    readonly perHour: string;
    readonly store: string;
    readonly hour: string;
    readonly redemptions: string;
    readonly units: string;
    readonly kiosks: string;
    readonly device: string;
    readonly state: string;
    readonly online: string;
    readonly offline: string;
    readonly never: string;
    readonly lastSeen: string;
    readonly backlog: string;
    readonly oldestPending: string;
    readonly printer: string;
    readonly scanner: string;
    readonly openExceptions: string;
    readonly none: string;
    readonly allStores: string;
  };
  readonly audit: {
    readonly when: string;
    readonly who: string;
    readonly action: string;
    readonly detail: string;
    readonly address: string;
    readonly search: string;
    readonly csv: string;
    readonly newer: string;
    readonly older: string;
    readonly empty: string;
  };
}

const zhTW: ConsoleMessages = {
  lang: "zh-Hant-TW",
  title: "票券核銷後台",
  pages: {
    dashboard: "總覽",
    redemptions: "核銷紀錄",
    exceptions: "例外清單",
    tickets: "票券與訂單",
    clerks: "店員",
    devices: "裝置",
    reconciliation: "日結對帳",
    audit: "稽核紀錄",
  },
  notYet: "尚未提供",
  switchTo: "English",
  notFound: "找不到這個頁面",
  failed: "發生錯誤，請稍後再試",
  storeDown: "暫時無法連線到資料庫，請稍後再試",
  tooLarge: (mib) => `檔案太大：上限 ${mib} MB，請分成幾個檔案匯入。`,
  badRequest: "無法讀取這個請求，請回上一頁重新送出。",
  login: {
    heading: "登入後台",
    name: "帳號",
    password: "密碼",
    submit: "登入",
    refused: "帳號或密碼錯誤",
    tooMany: (seconds) => `嘗試次數過多，請於 ${seconds} 秒後再試`,
    logout: "登出",
    signedInAs: (name, role) => `${name}（${role}）`,
  },
  roles: { hq: "總部", manager: "店長" },
  csrfRefused: "表單已失效或來源不明，未做任何變更。請重新整理頁面後再試。",
  forbiddenStore: "您沒有查看這家門市的權限",
  dashboard: {
    today: "今日",
    perStore: "各門市今日核銷",
    perHour: "今日每小時核銷",
    store: "門市",
    hour: "時段",
    redemptions: "核銷筆數",
    units: "張數",
    kiosks: "核銷機",
    device: "裝置",
    state: "狀態",
    online: "連線中",
    offline: "離線",
    never: "從未連線",
    lastSeen: "最後連線",
    backlog: "待上傳",
    oldestPending: "最舊未上傳",
    printer: "印表機",
    scanner: "掃描器",
    openExceptions: "未處理例外",
    none: "無",
    allStores: "全部門市",
  },
  audit: {
    when: "時間",
    who: "帳號",
    action: "動作",
    detail: "內容",
    address: "來源位址",
    search: "搜尋",
    csv: "匯出 CSV",
    newer: "較新",
    older: "較舊",
    empty: "沒有紀錄",
  },
};

const en: ConsoleMessages = {
  lang: "en",
  title: "Ticket redemption back office",
  pages: {
    dashboard: "Overview",
    redemptions: "Redemptions",
    exceptions: "Exceptions",
    tickets: "Tickets and orders",
    clerks: "Clerks",
    devices: "Devices",
    reconciliation: "Day reconciliation",
    audit: "Audit log",
  },
  notYet: "Not available yet",
  switchTo: "中文",
  notFound: "No such page",
  failed: "Something went wrong; try again shortly",
  storeDown: "The console cannot reach its database now; try again shortly",
  tooLarge: (mib) => `The file is too large: the limit is ${mib} MB. Split it and import the parts.`,
  badRequest: "The console could not read that request: go back and send it again.",
  login: {
    heading: "Sign in",
    name: "Account",
    password: "Password",
    submit: "Sign in",
    refused: "Wrong account or password",
    tooMany: (seconds) => `Too many attempts: try again in ${seconds} s`,
    logout: "Sign out",
    signedInAs: (name, role) => `${name} (${role})`,
  },
  roles: { hq: "head office", manager: "store manager" },
  csrfRefused:
    "The form has expired or did not come from this console; nothing was changed. Reload the page and try again.",
  forbiddenStore: "You may not see this store",
  dashboard: {
    today: "Today",
    perStore: "Redemptions today by store",
    perHour: "Redemptions today by hour",
    store: "Store",
    hour: "Hour",
    redemptions: "Redemptions",
    units: "Units",
    kiosks: "Kiosks",
    device: "Device",
    state: "State",
    online: "online",
    offline: "offline",
    never: "never seen",
    lastSeen: "Last seen",
    backlog: "Backlog",
    oldestPending: "Oldest unsynced",
    printer: "Printer",
    scanner: "Scanner",
    openExceptions: "Open exceptions",
    none: "none",
    allStores: "All stores",
  },
  audit: {
    when: "When",
    who: "Account",
    action: "Action",
    detail: "Detail",
    address: "From",
    search: "Search",
    csv: "Export CSV",
    newer: "Newer",
    older: "Older",
    empty: "No entries",
  },
};

export const consoleCatalogues: Readonly<Record<Locale, ConsoleMessages>> = { "zh-TW": zhTW, en };
