/**
 * The catalogue `ticket-kiosk demo` loads: two stores, two clerks, eight named demo codes that each
 * show one outcome on screen, and 40 ordinary tickets across 15 orders so search and lists look
 * real. Everything derives from `now` and fixed tables (no randomness), so the same `now` always
 * gives the same document. Dates carry Taipei's +08:00 offset, as a Taiwanese shop's export would.
 */
import { createHash } from "node:crypto";
import type { ImportDocument, ImportTicket } from "./importDocument.js";

type Hint = { readonly "zh-TW": string; readonly en: string };

/** The codes the demo screen lists, each with what scanning it shows. */
export const demoCodes: readonly { readonly code: string; readonly hint: Hint }[] = [
  { code: "DEMO-SPA-5", hint: { "zh-TW": "5 次可用", en: "5 units left" } },
  { code: "DEMO-YOGA-2", hint: { "zh-TW": "剩 2 次（共 5 次）", en: "2 of 5 units left" } },
  { code: "DEMO-BUFFET-DONE", hint: { "zh-TW": "已全部核銷", en: "fully redeemed" } },
  { code: "DEMO-PARK-EXPIRED", hint: { "zh-TW": "已過期", en: "expired" } },
  { code: "DEMO-TEA-LATER", hint: { "zh-TW": "尚未開始使用", en: "not valid yet" } },
  { code: "DEMO-VOID", hint: { "zh-TW": "已作廢", en: "voided" } },
  { code: "DEMO-REFUND", hint: { "zh-TW": "已退款", en: "refunded" } },
  { code: "DEMO-OTHER-STORE", hint: { "zh-TW": "限台中公益店使用", en: "for another store only" } },
];

interface Product {
  readonly productName: string;
  readonly variantName?: string;
  readonly totalUnits: number;
}

const spa: Product = { productName: "深層按摩 60 分鐘券", totalUnits: 1 };
const spaPack: Product = { productName: "深層按摩 60 分鐘券", variantName: "五次套票", totalUnits: 5 };
const yoga: Product = { productName: "瑜珈五堂課程卡", totalUnits: 5 };
const buffet: Product = { productName: "海景自助餐平日午餐券", totalUnits: 1 };
const parkAdult: Product = { productName: "主題樂園一日票", variantName: "成人", totalUnits: 1 };
const parkChild: Product = { productName: "主題樂園一日票", variantName: "兒童", totalUnits: 1 };
const tea: Product = { productName: "精緻下午茶雙人套餐", totalUnits: 1 };
const aroma: Product = { productName: "精油舒壓 90 分鐘券", totalUnits: 3 };

const customers = [
  ["陳怡君", "0912345678"],
  ["林志豪", "0928765432"],
  ["黃淑芬", "0933221100"],
  ["張家瑋", "0955123456"],
  ["吳佩珊", "0910987654"],
  ["劉建宏", "0987654321"],
  ["蔡宜蓁", "0966778899"],
  ["楊子軒", "0921456789"],
  ["許雅婷", "0938112233"],
  ["鄭俊傑", "0972334455"],
  ["謝欣怡", "0919556677"],
  ["郭冠廷", "0953778899"],
  ["洪詩涵", "0916220044"],
  ["曾柏翰", "0981335577"],
  ["周靜宜", "0937446688"],
  ["賴彥廷", "0920557799"],
  ["徐佳穎", "0958660011"],
  ["蘇偉倫", "0975771133"],
  ["簡以萱", "0913882244"],
  ["高明哲", "0932993355"],
  ["江若瑜", "0961004466"],
  ["羅子晴", "0927115577"],
  ["方承恩", "0986226688"],
] as const;

/** What each ordinary order bought: 15 orders, 40 tickets. */
const baskets: readonly (readonly Product[])[] = [
  [parkAdult, parkAdult, parkChild],
  [buffet, buffet],
  [parkAdult, parkAdult, parkChild, parkChild],
  [spaPack],
  [tea, tea, buffet],
  [yoga, spa],
  [buffet, buffet, buffet],
  [parkAdult, parkChild, parkChild, parkChild],
  [aroma, spa],
  [tea, buffet, buffet],
  [yoga],
  [spa, spa, aroma],
  [parkAdult, parkAdult, parkAdult, parkChild],
  [tea, tea],
  [buffet, aroma, spaPack],
];

/** Where an ordinary ticket may be redeemed, in turn: one store, both, anywhere, the other store. */
const storeChoices: readonly (readonly string[] | undefined)[] = [
  ["store-a"],
  ["store-a", "store-b"],
  undefined,
  ["store-a"],
  ["store-b"],
];

const codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A ticket code like `QK7R-2M9X-TB4A`, the same for the same seed. */
function demoTicketCode(seed: string): string {
  const digest = createHash("sha256").update(seed).digest();
  const chars = [...digest.subarray(0, 12)].map((byte) => codeAlphabet[byte % codeAlphabet.length]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

const dayMs = 86_400_000;
const taipeiOffsetMs = 8 * 3_600_000;

/** The Taipei calendar day `days` from `now`, at `time`, as ISO 8601 with +08:00. */
function taipeiDay(now: Date, days: number, time: string): string {
  const day = new Date(now.getTime() + taipeiOffsetMs + days * dayMs).toISOString().slice(0, 10);
  return `${day}T${time}+08:00`;
}

function ticketOf(product: Product, code: string, fields: Partial<ImportTicket> = {}): ImportTicket {
  return { ...product, code, redeemedUnits: 0, status: "active", ...fields };
}

export function demoCatalogue(now: Date): ImportDocument {
  const validFrom = taipeiDay(now, -30, "00:00:00");
  const validUntil = taipeiDay(now, 335, "23:59:59");
  const storeA = ["store-a"];
  const named: ImportTicket[] = [
    ticketOf(spaPack, "DEMO-SPA-5", { storeIds: storeA }),
    ticketOf(yoga, "DEMO-YOGA-2", { redeemedUnits: 3, storeIds: storeA }),
    ticketOf({ ...buffet, totalUnits: 2 }, "DEMO-BUFFET-DONE", { redeemedUnits: 2 }),
    ticketOf(parkAdult, "DEMO-PARK-EXPIRED", {
      validFrom: taipeiDay(now, -120, "00:00:00"),
      validUntil: taipeiDay(now, -3, "23:59:59"),
    }),
    ticketOf(tea, "DEMO-TEA-LATER", { validFrom: taipeiDay(now, 7, "00:00:00") }),
    ticketOf(spa, "DEMO-VOID", { status: "voided", storeIds: storeA }),
    ticketOf(parkChild, "DEMO-REFUND", { status: "refunded" }),
    ticketOf(buffet, "DEMO-OTHER-STORE", { storeIds: ["store-b"] }),
  ].map((ticket) => ({ validFrom, validUntil, ...ticket }));

  const ticketLists: ImportTicket[][] = [
    ...named.map((ticket) => [ticket]),
    ...baskets.map((bought, basket) =>
      bought.map((product, position) => ordinaryTicket(now, named.length + basket, position, product)),
    ),
  ];
  return {
    stores: [
      { id: "store-a", name: "台北信義店" },
      { id: "store-b", name: "台中公益店" },
    ],
    clerks: [
      { id: "c1", name: "王小明", pin: "246810", role: "supervisor", storeIds: ["store-a"] },
      { id: "c2", name: "李美玲", pin: "1357", role: "redeem", storeIds: ["store-a"] },
    ],
    orders: ticketLists.map((tickets, index) => {
      const [name, phone] = customers[index % customers.length] ?? customers[0];
      const time = `${String(9 + (index % 12)).padStart(2, "0")}:${String((index * 17) % 60).padStart(2, "0")}:00`;
      return {
        orderNumber: orderNumberOf(index),
        createdAt: taipeiDay(now, -daysAgoOf(index), time),
        customer: { name, phone },
        tickets,
      };
    }),
  };
}

/** Orders are numbered in sequence and placed every other day, the newest two days ago. */
const orderNumberOf = (index: number): string => `#${100_301 + index}`;
const daysAgoOf = (index: number): number => 48 - 2 * index;

/** An ordinary ticket: valid a year from its order, some units used, redeemable where `storeChoices` says in turn. */
function ordinaryTicket(now: Date, orderIndex: number, position: number, product: Product): ImportTicket {
  const serial = orderIndex * 3 + position;
  const storeIds = storeChoices[serial % storeChoices.length];
  return ticketOf(product, demoTicketCode(`${orderNumberOf(orderIndex)}/${position}`), {
    redeemedUnits: serial % (product.totalUnits + 1),
    validFrom: taipeiDay(now, -daysAgoOf(orderIndex), "00:00:00"),
    validUntil: taipeiDay(now, 365 - daysAgoOf(orderIndex), "23:59:59"),
    ...(storeIds === undefined ? {} : { storeIds: [...storeIds] }),
  });
}
