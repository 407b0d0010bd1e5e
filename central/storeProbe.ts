/**
 * Whether the store can serve, for `GET /v1/health`: what a load balancer in front of several
 * central processes and a kiosk probing after an outage ask. The route needs no token, so a flood
 * of it must not become a flood of database queries: one probe at a time, and its answer stands
 * for `maxAgeMs` for every request that asks meanwhile.
 */
export class StoreProbe {
  private answer: { readonly atMs: number; readonly up: boolean } | undefined;
  private probing: Promise<boolean> | undefined;

  constructor(
    private readonly ping: () => Promise<void>,
    private readonly maxAgeMs = 1000,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** True when the store answered its last probe, made within `maxAgeMs` or now. */
  up(): Promise<boolean> {
    const answer = this.answer;
    if (answer !== undefined && this.nowMs() - answer.atMs < this.maxAgeMs) return Promise.resolve(answer.up);
    this.probing ??= this.probe().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  private async probe(): Promise<boolean> {
    const up = await this.ping().then(
      () => true,
      () => false,
    );
    this.answer = { atMs: this.nowMs(), up };
    return up;
  }
}
