/**
 * Work a request started and did not wait for (a long CSV import), kept so that shutting the server down
 * waits for it instead of leaving its job `running` half done.
 * @example services.background.run(() => importRows(job)); await services.background.idle()
 */
export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  /** Starts `work`; it must handle its own errors (a rejection is not anyone's to catch). */
  run(work: () => Promise<void>): void {
    const done: Promise<void> = work().finally(() => this.running.delete(done));
    this.running.add(done);
  }

  /** Resolves once everything started so far (and anything it started meanwhile) has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
