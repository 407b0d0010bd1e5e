/** A `Schedule` on a clock that moves only when the test says: timings asserted to the millisecond. */
import type { Schedule } from "../../drivers/feedback/outputPlayer.js";

interface Task {
  readonly atMs: number;
  readonly run: () => void;
  cancelled: boolean;
}

export class ManualSchedule {
  nowMs = 0;
  private tasks: Task[] = [];

  readonly schedule: Schedule = (run, delayMs) => {
    const task: Task = { atMs: this.nowMs + delayMs, run, cancelled: false };
    this.tasks.push(task);
    return () => {
      task.cancelled = true;
    };
  };

  /** Moves the clock by `ms`, running what falls due in time order (and what that schedules). */
  advance(ms: number): void {
    const until = this.nowMs + ms;
    for (;;) {
      const due = this.tasks
        .filter((task) => !task.cancelled && task.atMs <= until)
        .sort((a, b) => a.atMs - b.atMs)[0];
      if (due === undefined) break;
      this.tasks = this.tasks.filter((task) => task !== due);
      this.nowMs = due.atMs;
      due.run();
    }
    this.nowMs = until;
  }

  /** Tasks waiting (not cancelled). */
  pending(): number {
    return this.tasks.filter((task) => !task.cancelled).length;
  }
}
