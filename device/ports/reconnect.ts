/**
 * How a device link that is absent is tried again: after `initialMs`, then each wait `factor`
 * times the last, capped at `maxMs`. Shared by the scanner and feedback adapters, so it belongs
 * to neither of them.
 */
export interface ReconnectPolicy {
  readonly initialMs: number;
  readonly factor: number;
  readonly maxMs: number;
}
