/**
 * 核銷紀錄's filter as its GET form carries it: the fields as typed (to fill the form and the
 * paging and CSV links again) and as the data operation's filter (data/redemptionList.ts). Dates are
 * whole days in the console's time zone: `from` its first instant, `until` the end of its day.
 */
import { type RedemptionState, redemptionStates } from "../../store/consoleData.js";
import type { RedemptionFilter } from "../data/redemptionList.js";
import { choiceParam, dayBounds, dayParam, type Query, textParam, yesNoParam } from "./queryForm.js";

export interface RedemptionForm {
  /** The fields that have a value, by their form names. */
  readonly fields: Readonly<Record<string, string | undefined>>;
  readonly filter: RedemptionFilter;
}

const yesNo = (value: boolean | undefined) => (value === undefined ? undefined : value ? "yes" : "no");

export function redemptionForm(query: Query, timeZone: string): RedemptionForm {
  const storeId = textParam(query, "store", 64);
  const deviceId = textParam(query, "device", 64);
  const clerkId = textParam(query, "clerk", 64);
  const productName = textParam(query, "product", 200);
  const fromDay = dayParam(query, "from");
  const untilDay = dayParam(query, "until");
  const state: RedemptionState | undefined = choiceParam(query, "state", redemptionStates);
  const offline = yesNoParam(query, "offline");
  const conflict = yesNoParam(query, "conflict");
  const filter: RedemptionFilter = {
    ...(storeId === undefined ? {} : { storeId }),
    ...(deviceId === undefined ? {} : { deviceId }),
    ...(clerkId === undefined ? {} : { clerkId }),
    ...(productName === undefined ? {} : { productName }),
    ...(fromDay === undefined ? {} : { from: dayBounds(fromDay, timeZone).from }),
    ...(untilDay === undefined ? {} : { until: dayBounds(untilDay, timeZone).until }),
    ...(state === undefined ? {} : { state }),
    ...(offline === undefined ? {} : { offline }),
    ...(conflict === undefined ? {} : { conflict }),
  };
  return {
    fields: {
      store: storeId,
      device: deviceId,
      clerk: clerkId,
      product: productName,
      from: fromDay,
      until: untilDay,
      state,
      offline: yesNo(offline),
      conflict: yesNo(conflict),
    },
    filter,
  };
}
