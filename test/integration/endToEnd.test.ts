/**
 * The whole product as a user runs it, on this machine's Node: the scenarios are in
 * test/helpers/endToEndScenario.ts, shared with the run on ARM Node under qemu (test/arm/armKiosk.test.ts).
 */
import test from "ava";
import { offlineRedemptionsSurviveRestart, redeemedOnceWithSlips } from "../helpers/endToEndScenario.js";

test("scanned codes reach the central service exactly once, with a Big5 slip each; refusals print nothing", (t) =>
  redeemedOnceWithSlips(t));

test("a restart keeps every entry; redemptions made while the central service is down reach it once it is back", (t) =>
  offlineRedemptionsSurviveRestart(t));
