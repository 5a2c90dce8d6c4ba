import type { RecordDoc } from '../models/record';
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

/** Records a walk reads per page. */
const WALK_PAGE_RECORDS = 500;

/**
 * A pass that walks every record once per store (the search-terms and activities backfills): in id order, cross-tenant
 * (through the driver collection, as the sweeper), a page at a time, handing each page to `fillPage`; the first run that
 * reaches the last record marks the store (`maintenanceMarks`: `markId` at `rules`), and later starts read nothing.
 * @example class Backfill extends MarkedWalk<'fields'> { … protected fillPage(docs) { … } }
 */
export abstract class MarkedWalk<K extends keyof RecordDoc> extends StartPass {
  constructor(
    services: Services,
    name: string,
    private readonly mark: { id: string; rules: number; read: readonly K[] },
  ) {
    super(services, name);
  }

  protected async pass(): Promise<number> {
    const { models } = this.services;
    const marked = await models.MaintenanceMark.findOne({ _id: this.mark.id }, { rules: 1 }).lean();
    if (marked?.rules === this.mark.rules) return 0;
    const projection = Object.fromEntries(['tenantId', 'version', ...this.mark.read].map((field) => [field, 1]));
    let filled = 0;
    let after: string | null = null;
    while (!this.stopped) {
      const page = (await models.Record.collection
        .find((after === null ? {} : { _id: { $gt: after } }) as never, { projection })
        .sort({ _id: 1 })
        .limit(WALK_PAGE_RECORDS)
        .toArray()) as unknown as Pick<RecordDoc, '_id' | 'tenantId' | 'version' | K>[];
      const last = page[page.length - 1];
      if (!last) {
        await models.MaintenanceMark.updateOne({ _id: this.mark.id }, { $set: { rules: this.mark.rules, at: new Date() } }, { upsert: true });
        break;
      }
      after = last._id;
      filled += await this.fillPage(page);
    }
    return filled;
  }

  /** Writes what a page of records lacks; how many records it wrote. */
  protected abstract fillPage(page: Pick<RecordDoc, '_id' | 'tenantId' | 'version' | K>[]): Promise<number>;
}
