/**
 * The contract every `Feedback` adapter keeps (drivers/feedback/feedback.ts), run against each one
 * on its own device stand-in: start and stop are idempotent; `signal`, `openGate` and `blink` never
 * throw, whatever the state; once `stop()` has resolved nothing more reaches the device; a device
 * that goes away is reported as the state `disconnected` (never as a throw) and, back, as `ready`;
 * an adapter without a device never changes its state.
 */
import test from "ava";
import type { Feedback, FeedbackSignal, FeedbackState } from "../../device/ports/feedback.js";
import { waitUntil } from "./scanRecorder.js";

export interface FeedbackSubject {
  readonly feedback: Feedback;
  /** The state while started with its device there, and once stopped. */
  readonly running: FeedbackState;
  readonly stopped: FeedbackState;
  /** What the adapter needs after `start()` to have its device up (a board's handshake). */
  settle(): Promise<void>;
  /** Everything that has reached the device so far: rings, `gpioset` runs, pin writes, records. */
  effects(): number;
  /** Lets `ms` pass on the clock the adapter's patterns run on. */
  elapse(ms: number): Promise<void>;
  /** The device going away and coming back; absent for adapters without one (bell, none). */
  readonly device?: {
    unplug(): void;
    /** The device is back, and whatever the adapter needs to notice it has happened. */
    replug(): Promise<void>;
  };
}

const signals: readonly FeedbackSignal[] = ["ok", "refused", "attention"];

/** Every call that must never throw, in every state. */
function everySignal(feedback: Feedback): void {
  for (const signal of signals) feedback.signal(signal);
  feedback.openGate();
  feedback.blink();
}

/** Longer than any pattern, the gate pulse included. */
const longerThanAnyPatternMs = 2000;

export function feedbackContract(name: string, makeSubject: () => FeedbackSubject): void {
  test(`${name}: start and stop are idempotent and signals never throw, before, while and after`, async (t) => {
    const subject = makeSubject();
    const { feedback } = subject;
    t.teardown(() => feedback.stop());
    t.notThrows(() => everySignal(feedback), "before start");
    await feedback.start();
    await feedback.start();
    await subject.settle();
    t.is(feedback.state(), subject.running);
    t.notThrows(() => everySignal(feedback), "running");
    await feedback.stop();
    await feedback.stop();
    t.is(feedback.state(), subject.stopped);
    t.notThrows(() => everySignal(feedback), "stopped");
  });

  test(`${name}: once stop has resolved, nothing more reaches the device`, async (t) => {
    const subject = makeSubject();
    const { feedback } = subject;
    await feedback.start();
    await subject.settle();
    feedback.signal("attention");
    feedback.openGate();
    await feedback.stop();
    const afterStop = subject.effects();
    await subject.elapse(longerThanAnyPatternMs);
    t.is(subject.effects(), afterStop, "a pattern cut short by stop does not go on");
  });

  const { device } = makeSubject();
  if (device === undefined) {
    test(`${name}: without a device its state never changes`, async (t) => {
      const subject = makeSubject();
      const { feedback } = subject;
      const states: FeedbackState[] = [];
      feedback.on("state", (state) => states.push(state));
      await feedback.start();
      everySignal(feedback);
      await subject.elapse(longerThanAnyPatternMs);
      t.is(feedback.state(), subject.running);
      await feedback.stop();
      t.deepEqual(states, []);
    });
    return;
  }
  test(`${name}: an unplug is reported as the state disconnected, never a throw; back, ready`, async (t) => {
    const subject = makeSubject();
    const { feedback } = subject;
    const states: FeedbackState[] = [];
    feedback.on("state", (state) => states.push(state));
    t.teardown(() => feedback.stop());
    await feedback.start();
    await subject.settle();
    subject.device?.unplug();
    t.notThrows(() => everySignal(feedback));
    await waitUntil(() => feedback.state() === "disconnected", "disconnected");
    t.notThrows(() => everySignal(feedback), "signals while unplugged are dropped");
    await subject.device?.replug();
    await waitUntil(() => feedback.state() === "ready", "ready again");
    t.deepEqual(states, ["ready", "disconnected", "ready"]);
  });
}
