/**
 * The feedback patterns as data, and their playing over any set of on/off outputs (IO board pins
 * or Pi GPIO lines), so every adapter blinks and beeps alike and tests can step a fake clock.
 *
 * Two lanes: the lights and buzzer of a decision, and the gate relay. A new decision cuts the
 * previous one's lights and beeps short (the screen has moved on too), but never a gate pulse: a
 * person may be walking through. A second pulse while the gate is open keeps it open for a full
 * pulse from now.
 */
import type { FeedbackSignal } from "../../device/ports/feedback.js";

export type Output = "green" | "red" | "buzzer" | "relay";
export type Lane = "signal" | "gate";

/** One change of one output, `atMs` after the pattern starts. */
export interface Step {
  readonly atMs: number;
  readonly output: Output;
  readonly on: boolean;
}

export type OutputChange = readonly [output: Output, on: boolean];

/** Runs `run` after `delayMs`; returns what cancels it. Injected so tests move time by hand. */
export type Schedule = (run: () => void, delayMs: number) => () => void;

export const timerSchedule: Schedule = (run, delayMs) => {
  const timer = setTimeout(run, delayMs);
  // A pending "LED off" must not keep a stopping process alive.
  timer.unref();
  return () => clearTimeout(timer);
};

const laneOutputs: Record<Lane, readonly Output[]> = { signal: ["green", "red", "buzzer"], gate: ["relay"] };

function pulse(output: Output, fromMs: number, toMs: number): Step[] {
  return [
    { atMs: fromMs, output, on: true },
    { atMs: toMs, output, on: false },
  ];
}

/** Green and one short beep; red and two long beeps; amber (both LEDs) and three short beeps. */
export const signalPatterns: Readonly<Record<FeedbackSignal, readonly Step[]>> = {
  ok: [...pulse("green", 0, 1500), ...pulse("buzzer", 0, 120)],
  refused: [...pulse("red", 0, 2000), ...pulse("buzzer", 0, 300), ...pulse("buzzer", 450, 750)],
  attention: [
    ...pulse("green", 0, 2000),
    ...pulse("red", 0, 2000),
    ...pulse("buzzer", 0, 100),
    ...pulse("buzzer", 200, 300),
    ...pulse("buzzer", 400, 500),
  ],
};

export const blinkPattern: readonly Step[] = [
  ...pulse("green", 0, 300),
  ...pulse("red", 300, 600),
  ...pulse("buzzer", 0, 60),
];

export function gatePattern(pulseMs: number): readonly Step[] {
  return pulse("relay", 0, pulseMs);
}

export class OutputPlayer {
  private readonly cancels: Record<Lane, (() => void)[]> = { signal: [], gate: [] };

  /** `write` gets the changes due at one instant together (one command for GPIO); it must not throw. */
  constructor(
    private readonly write: (changes: readonly OutputChange[]) => void,
    private readonly schedule: Schedule = timerSchedule,
  ) {}

  /** Plays `steps` in `lane`: what the lane still had planned is dropped, what it had on goes off. */
  play(lane: Lane, steps: readonly Step[]): void {
    this.cancel(lane);
    const startsOn = new Set(steps.filter((s) => s.atMs === 0 && s.on).map((s) => s.output));
    const reset = laneOutputs[lane].filter((o) => !startsOn.has(o)).map((o): OutputChange => [o, false]);
    const byTime = new Map<number, OutputChange[]>();
    for (const step of steps)
      byTime.set(step.atMs, [...(byTime.get(step.atMs) ?? []), [step.output, step.on]]);
    this.write([...reset, ...(byTime.get(0) ?? [])]);
    for (const [atMs, changes] of byTime) {
      if (atMs > 0) this.cancels[lane].push(this.schedule(() => this.write(changes), atMs));
    }
  }

  /** Drops every plan and turns every output off (stop, or a board just (re)connected). */
  allOff(): void {
    this.cancel("signal");
    this.cancel("gate");
    this.write([...laneOutputs.signal, ...laneOutputs.gate].map((o): OutputChange => [o, false]));
  }

  private cancel(lane: Lane): void {
    for (const cancel of this.cancels[lane].splice(0)) cancel();
  }
}
