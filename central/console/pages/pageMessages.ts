/**
 * The words of the 票券與訂單, 店員 and 裝置 pages, in zh-TW (the terms of docs/domain.md §3) and
 * English; the outcomes of their data operations are worded in data/consoleDataMessages.ts.
 */
import type { ClerkRole, TicketStatus } from "../../../device/domain.js";
import type { TicketSearch } from "../../store/consoleData.js";
import type { Locale } from "../consoleMessages.js";

export interface PageMessages {
  readonly tickets: {
    readonly searchKind: Readonly<Record<TicketSearch["kind"], string>>;
    readonly search: string;
    readonly termTooShort: string;
    readonly none: string;
    readonly code: string;
    readonly order: string;
    readonly product: string;
    readonly customer: string;
    readonly phone: string;
    readonly units: string;
    readonly status: Readonly<Record<TicketStatus, string>>;
    readonly state: string;
    readonly validUntil: string;
    readonly more: string;
    readonly notFound: string;
    readonly total: string;
    readonly redeemed: string;
    readonly left: string;
    readonly importedUnits: string;
    readonly orderedAt: string;
    readonly stores: string;
    readonly everyStore: string;
    readonly history: string;
    readonly noHistory: string;
    readonly when: string;
    readonly store: string;
    readonly device: string;
    readonly clerk: string;
    readonly quantity: string;
    readonly offline: string;
  };
  readonly importing: {
    readonly heading: string;
    readonly file: string;
    readonly preview: string;
    readonly hqOnly: string;
    readonly noFile: string;
    readonly previewHeading: (file: string) => string;
    readonly applyHeading: (file: string) => string;
    readonly nothingWritten: string;
    readonly problems: (count: number) => string;
    readonly location: string;
    readonly problem: string;
    readonly warnings: string;
    readonly what: string;
    readonly created: string;
    readonly updated: string;
    readonly unchanged: string;
    readonly kinds: Readonly<Record<"stores" | "clerks" | "orders" | "tickets", string>>;
    readonly apply: string;
    readonly gone: string;
    readonly applying: string;
    readonly rows: string;
    readonly ticketsWritten: string;
    readonly rate: (perS: number) => string;
    readonly eta: (seconds: number | null) => string;
    readonly applied: string;
    readonly refused: string;
    readonly failed: string;
  };
  readonly clerks: {
    readonly allStores: string;
    readonly filter: string;
    readonly id: string;
    readonly name: string;
    readonly role: Readonly<Record<ClerkRole, string>>;
    readonly roleHeading: string;
    readonly stores: string;
    readonly state: string;
    readonly active: string;
    readonly disabled: string;
    readonly newPin: string;
    readonly setPin: string;
    readonly pinHint: (least: Readonly<Record<ClerkRole, number>>) => string;
    readonly disable: string;
    readonly enable: string;
    readonly none: string;
  };
  readonly devices: {
    readonly add: string;
    readonly addHint: string;
    readonly deviceName: string;
    readonly store: string;
    readonly makeCode: string;
    readonly scanThis: (device: string, store: string) => string;
    readonly qrText: string;
    readonly code: string;
    readonly expires: (at: string) => string;
    readonly onceOnly: string;
    readonly codeGone: string;
    readonly nameInvalid: string;
    readonly unknownStore: string;
    readonly name: string;
    readonly version: string;
    readonly lastSeen: string;
    readonly address: string;
    readonly backlog: string;
    readonly printer: string;
    readonly scanner: string;
    readonly clock: string;
    readonly clockOk: (offsetS: number) => string;
    readonly clockBad: (offsetS: number) => string;
    readonly online: string;
    readonly offline: string;
    readonly never: string;
    readonly revoked: string;
    readonly rename: string;
    readonly move: string;
    readonly revoke: string;
    readonly revokeConfirm: string;
    readonly none: string;
  };
}

const zhTW: PageMessages = {
  tickets: {
    searchKind: { code: "票券代碼", order: "訂單編號", phone: "電話末碼", name: "顧客姓名" },
    search: "搜尋",
    termTooShort: "請輸入搜尋內容；電話請至少輸入末 3 碼。",
    none: "找不到符合的票券。",
    code: "票券代碼",
    order: "訂單編號",
    product: "商品",
    customer: "顧客",
    phone: "電話",
    units: "剩餘/總數",
    status: { active: "可使用", voided: "已作廢", refunded: "已退款" },
    state: "狀態",
    validUntil: "有效至",
    more: "下一頁",
    notFound: "找不到這張票券，或不屬於您的門市。",
    total: "總數",
    redeemed: "已核銷",
    left: "剩餘",
    importedUnits: "匯入前已使用",
    orderedAt: "訂購時間",
    stores: "適用門市",
    everyStore: "全部門市",
    history: "核銷紀錄",
    noHistory: "尚無核銷紀錄。",
    when: "核銷時間",
    store: "門市",
    device: "裝置",
    clerk: "店員",
    quantity: "數量",
    offline: "離線",
  },
  importing: {
    heading: "匯入票券（JSON 或 CSV）",
    file: "檔案",
    preview: "預覽",
    hqOnly: "只有總部帳號可以匯入。",
    noFile: "請選擇要匯入的檔案。",
    previewHeading: (file) => `匯入預覽：${file}`,
    applyHeading: (file) => `匯入：${file}`,
    nothingWritten: "這是預覽，尚未寫入任何資料。",
    problems: (count) => `檔案有 ${count} 個錯誤，整份檔案不會匯入。請修正後重新上傳。`,
    location: "位置",
    problem: "錯誤",
    warnings: "提醒",
    what: "項目",
    created: "新增",
    updated: "更新",
    unchanged: "不變",
    kinds: { stores: "門市", clerks: "店員", orders: "訂單", tickets: "票券" },
    apply: "確認匯入",
    gone: "這份預覽已過期，請重新上傳檔案。",
    applying: "匯入中…",
    rows: "已檢查列數",
    ticketsWritten: "已寫入票券",
    rate: (perS) => `每秒 ${perS} 筆`,
    eta: (seconds) => (seconds === null ? "剩餘時間計算中" : `約剩 ${seconds} 秒`),
    applied: "匯入完成。各店機台下次同步時取得新資料。",
    refused: "匯入時檔案檢查未通過，沒有寫入任何資料：",
    failed: "匯入失敗，沒有完成。請稍後再試。",
  },
  clerks: {
    allStores: "全部門市",
    filter: "篩選",
    id: "編號",
    name: "姓名",
    role: { redeem: "門市店員", supervisor: "主管" },
    roleHeading: "角色",
    stores: "門市",
    state: "狀態",
    active: "啟用中",
    disabled: "已停用",
    newPin: "新密碼",
    setPin: "設定密碼",
    pinHint: (least) => `密碼為數字；店員至少 ${least.redeem} 位，主管至少 ${least.supervisor} 位。`,
    disable: "停用",
    enable: "啟用",
    none: "沒有店員。",
  },
  devices: {
    add: "新增裝置",
    addHint: "輸入裝置名稱（與機台設定的裝置編號相同）並選擇門市，再用機台的掃碼槍掃描 QR code。",
    deviceName: "裝置名稱",
    store: "門市",
    makeCode: "產生設定 QR code",
    scanThis: (device, store) => `請用「${device}」（${store}）的掃碼槍掃描：`,
    qrText: "QR code 內容",
    code: "設定碼",
    expires: (at) => `有效至 ${at}`,
    onceOnly: "10 分鐘內有效，只能使用一次。",
    codeGone: "這個設定碼已過期，請重新產生。",
    nameInvalid: "裝置名稱須為 1 到 64 個字。",
    unknownStore: "沒有這家門市，或您無權管理。",
    name: "名稱",
    version: "版本",
    lastSeen: "最後連線",
    address: "IP",
    backlog: "待上傳",
    printer: "印表機",
    scanner: "掃描器",
    clock: "時鐘",
    clockOk: (offsetS) => `已同步（差 ${offsetS} 秒）`,
    clockBad: (offsetS) => `未同步（差 ${offsetS} 秒）`,
    online: "連線中",
    offline: "離線",
    never: "從未連線",
    revoked: "已撤銷",
    rename: "更名",
    move: "移到門市",
    revoke: "撤銷",
    revokeConfirm: "撤銷後這台機台立即無法同步，確定嗎？",
    none: "沒有裝置。",
  },
};

const en: PageMessages = {
  tickets: {
    searchKind: {
      code: "Ticket code",
      order: "Order number",
      phone: "Phone's last digits",
      name: "Customer name",
    },
    search: "Search",
    termTooShort: "Type what to search for; for a phone at least its last 3 digits.",
    none: "No ticket matches.",
    code: "Code",
    order: "Order",
    product: "Product",
    customer: "Customer",
    phone: "Phone",
    units: "Left/total",
    status: { active: "Active", voided: "Voided", refunded: "Refunded" },
    state: "State",
    validUntil: "Valid until",
    more: "Next page",
    notFound: "No such ticket, or not one of your stores'.",
    total: "Total",
    redeemed: "Redeemed",
    left: "Left",
    importedUnits: "Used before the import",
    orderedAt: "Ordered",
    stores: "Stores",
    everyStore: "every store",
    history: "Redemptions",
    noHistory: "No redemptions yet.",
    when: "When",
    store: "Store",
    device: "Device",
    clerk: "Clerk",
    quantity: "Units",
    offline: "offline",
  },
  importing: {
    heading: "Import tickets (JSON or CSV)",
    file: "File",
    preview: "Preview",
    hqOnly: "Only head office accounts may import.",
    noFile: "Choose a file to import.",
    previewHeading: (file) => `Import preview: ${file}`,
    applyHeading: (file) => `Import: ${file}`,
    nothingWritten: "This is a preview: nothing has been written yet.",
    problems: (count) =>
      `The file has ${count} problem(s): none of it is imported. Fix them and upload it again.`,
    location: "Where",
    problem: "Problem",
    warnings: "Warnings",
    what: "What",
    created: "New",
    updated: "Changed",
    unchanged: "Unchanged",
    kinds: { stores: "Stores", clerks: "Clerks", orders: "Orders", tickets: "Tickets" },
    apply: "Import now",
    gone: "This preview has expired: upload the file again.",
    applying: "Importing…",
    rows: "Rows checked",
    ticketsWritten: "Tickets written",
    rate: (perS) => `${perS} per second`,
    eta: (seconds) => (seconds === null ? "time left: working it out" : `about ${seconds} s left`),
    applied: "Imported. Kiosks get the new data at their next sync.",
    refused: "The file failed its check at import time; nothing was written:",
    failed: "The import failed and did not finish. Try again shortly.",
  },
  clerks: {
    allStores: "All stores",
    filter: "Filter",
    id: "Id",
    name: "Name",
    role: { redeem: "clerk", supervisor: "supervisor" },
    roleHeading: "Role",
    stores: "Stores",
    state: "State",
    active: "active",
    disabled: "disabled",
    newPin: "New PIN",
    setPin: "Set PIN",
    pinHint: (least) =>
      `A PIN is digits: at least ${least.redeem} for a clerk, ${least.supervisor} for a supervisor.`,
    disable: "Disable",
    enable: "Enable",
    none: "No clerks.",
  },
  devices: {
    add: "Add a device",
    addHint:
      "Type the device's name (the device id its configuration names) and pick its store, then scan the QR code with the kiosk's scanner.",
    deviceName: "Device name",
    store: "Store",
    makeCode: "Make the set-up QR code",
    scanThis: (device, store) => `Scan this with the scanner of "${device}" (${store}):`,
    qrText: "QR code text",
    code: "Set-up code",
    expires: (at) => `valid until ${at}`,
    onceOnly: "It works for 10 minutes, once.",
    codeGone: "That set-up code has expired: make a new one.",
    nameInvalid: "A device name is 1 to 64 characters.",
    unknownStore: "No such store, or not one you manage.",
    name: "Name",
    version: "Version",
    lastSeen: "Last seen",
    address: "IP",
    backlog: "Backlog",
    printer: "Printer",
    scanner: "Scanner",
    clock: "Clock",
    clockOk: (offsetS) => `synchronised (${offsetS} s off)`,
    clockBad: (offsetS) => `not synchronised (${offsetS} s off)`,
    online: "online",
    offline: "offline",
    never: "never seen",
    revoked: "revoked",
    rename: "Rename",
    move: "Move to store",
    revoke: "Revoke",
    revokeConfirm: "Once revoked this kiosk cannot sync. Revoke it?",
    none: "No devices.",
  },
};

export const pageCatalogues: Readonly<Record<Locale, PageMessages>> = { "zh-TW": zhTW, en };
