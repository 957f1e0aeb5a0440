/**
 * Counts running jobs (and job requests that may yield one) against `limit` per runner and
 * `concurrent` overall. A slot is taken before a job is requested, so GitLab never hands
 * this machine a job it has no room for; it is given back when no job came or the job ended.
 */
export class JobSlots {
  #total = 0;
  readonly #perRunner = new Map<string, number>();
  readonly #waiters = new Set<() => void>();

  constructor(private readonly concurrent: number) {}

  get total(): number {
    return this.#total;
  }

  /** Takes a slot for `runner` (limit 0: no limit of its own) when there is room. */
  tryAcquire(runner: string, limit: number): boolean {
    const used = this.#perRunner.get(runner) ?? 0;
    if (this.#total >= this.concurrent || (limit > 0 && used >= limit)) return false;
    this.#total++;
    this.#perRunner.set(runner, used + 1);
    return true;
  }

  release(runner: string): void {
    this.#total--;
    this.#perRunner.set(runner, (this.#perRunner.get(runner) ?? 1) - 1);
    for (const wake of [...this.#waiters]) wake();
  }

  running(runner: string): number {
    return this.#perRunner.get(runner) ?? 0;
  }

  /** Resolves when any slot is released, or when `signal` aborts. */
  changed(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        this.#waiters.delete(wake);
        signal.removeEventListener("abort", wake);
        resolve();
      };
      this.#waiters.add(wake);
      signal.addEventListener("abort", wake, { once: true });
      if (signal.aborted) wake();
    });
  }
}
