/**
 * What tells a keyboard-wedge scan from a person typing: a burst of at least `minChars` keys,
 * every gap (Enter included) at most `maxGapMs` (docs/hardware.md "Serial scanners"). The keyboard
 * scanner adapter (drivers/scanner/keyboardScanner.ts) and the UI's key grouping
 * (ui/keyGrouper.ts) both apply it, so it lives in the core.
 */
export interface BurstRule {
  /** Longest gap between two keys of a scan; people rarely type faster than ~80 ms a key. */
  readonly maxGapMs: number;
  readonly minChars: number;
}

export const defaultBurstRule: BurstRule = { maxGapMs: 35, minChars: 4 };
