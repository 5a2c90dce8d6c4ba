import type { Services } from './services';

/**
 * A pass over the store that each api process starts in the background once (the contact-key and search-terms
 * backfills): `start` runs `pass` (a failed run is logged and counts 0), `finished` waits for it with the number of
 * records it wrote, and `stop` ends it after its current page (`stopped` is what the pass checks between pages).
 * @example class Backfill extends StartPass { protected pass() { … } }
 */
export abstract class StartPass {
  private run: Promise<number> | null = null;
  protected stopped = false;

  constructor(
    protected readonly services: Services,
    private readonly name: string,
  ) {}

  /** Starts the run (once). */
  start(): void {
    this.run ??= this.pass().catch((error: unknown) => {
      this.services.log(`${this.name} stopped: ${(error as Error).stack ?? String(error)}`);
      return 0;
    });
  }

  /** Resolves once the run is over (at once when none was started), with how many records it wrote. */
  finished(): Promise<number> {
    return this.run ?? Promise.resolve(0);
  }

  /** Ends the run after its current page. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.run;
  }

  /** The pass itself; the number of records it wrote. */
  protected abstract pass(): Promise<number>;
}
