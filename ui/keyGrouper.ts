/**
 * A keyboard-wedge scanner types into whatever screen is up (docs/hardware.md: it is a keyboard), so on
 * every screen where keys mean something else — a quantity, a PIN, a menu choice, a search field —
 * its digits and Enter must not act as a person's keys. Keys a scanner may type wait here until the
 * keyboard is quiet for a moment: a group of at least `minChars` characters ending in Enter, every
 * gap within the burst rule, is a scan; anything else is a person's keys, handed on in order.
 * Arrows, Esc and the like never come from a scanner: the caller flushes the group and acts at once.
 */
import { type BurstRule, defaultBurstRule } from "../device/ports/burstRule.js";
import type { TimedKey } from "./keys.js";

/** Keys closer together than this belong to one group (a scanner's burst); just above the burst gap. */
const quietMarginMs = 15;

function isScanBurst(group: readonly TimedKey[], rule: BurstRule = defaultBurstRule): boolean {
  const chars = group.filter(({ key }) => key.kind === "char").length;
  const fast = group.every(({ atMs }, i) => i === 0 || atMs - (group[i - 1]?.atMs ?? atMs) <= rule.maxGapMs);
  return group.at(-1)?.key.kind === "enter" && chars >= rule.minChars && fast;
}

export class KeyGrouper {
  private group: TimedKey[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onGroup: (keys: readonly TimedKey[], scanned: boolean) => void,
    private readonly rule: BurstRule = defaultBurstRule,
  ) {}

  push(key: TimedKey): void {
    this.group.push(key);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.rule.maxGapMs + quietMarginMs);
  }

  /** Hands on what waits, now. */
  flush(): void {
    const group = this.drop();
    if (group.length > 0) this.onGroup(group, isScanBurst(group, this.rule));
  }

  /** Forgets what waits (the screen it was typed for is gone). */
  drop(): TimedKey[] {
    clearTimeout(this.timer);
    this.timer = undefined;
    const group = this.group;
    this.group = [];
    return group;
  }
}
