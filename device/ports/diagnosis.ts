/**
 * What a `doctor` check answers (device/doctor.ts), shared with the drivers' own checks
 * (drivers/scanner/scannerDiagnosis.ts, drivers/feedback/feedbackDiagnosis.ts), which import this
 * file rather than the command.
 */
export type Verdict = "pass" | "warn" | "fail";

/** One check's outcome, in words a technician acts on: what is wrong, and what to do. */
export interface Diagnosis {
  readonly verdict: Verdict;
  readonly detail: string;
  readonly fix?: string;
}
