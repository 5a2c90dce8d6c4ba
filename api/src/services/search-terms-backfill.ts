import type { RecordDoc } from '../models/record';
import { searchTerms } from './search-terms';
import type { Services } from './services';
import { StartPass } from './start-pass';

/** Records read and written per page (one `find`, one bulk write). */
const PAGE_RECORDS = 500;
/** The maintenance mark of a backfill that gave every record its search terms (models/maintenance-mark.ts). */
const MARK_ID = 'search-terms';
/** The search terms' rules; a change to `searchTerms` that needs every record's terms again raises it. */
const SEARCH_TERMS_RULES = 1;

/**
 * Gives the records stored before search their search terms (services/search-terms.ts), once per store: every api
 * process starts it in the background, and the first run that reaches the last record marks the store
 * (`maintenanceMarks`), so later starts read nothing. It walks the records in id order, cross-tenant (as the
 * contact-key backfill, through the driver collection); each write is conditional on the version it read and on the
 * record still having no terms, raises no version, and is scoped to the record's tenant. Records written since have
 * their terms from their own writes.
 * @example const backfill = new SearchTermsBackfill(services); backfill.start(); await backfill.finished() // → records given terms
 */
export class SearchTermsBackfill extends StartPass {
  constructor(services: Services) {
    // A failed run is logged, and tried again at the next start.
    super(services, 'search terms backfill');
  }

  protected pass(): Promise<number> {
    return this.fillAll();
  }

  private async fillAll(): Promise<number> {
    const { models } = this.services;
    const marked = await models.MaintenanceMark.findOne({ _id: MARK_ID }, { rules: 1 }).lean();
    if (marked?.rules === SEARCH_TERMS_RULES) return 0;
    let filled = 0;
    let after: string | null = null;
    while (!this.stopped) {
      const page = (await models.Record.collection
        .find((after === null ? {} : { _id: { $gt: after } }) as never, { projection: { tenantId: 1, version: 1, fields: 1, search: 1 } })
        .sort({ _id: 1 })
        .limit(PAGE_RECORDS)
        .toArray()) as unknown as Pick<RecordDoc, '_id' | 'tenantId' | 'version' | 'fields' | 'search'>[];
      const last = page[page.length - 1];
      if (!last) {
        await models.MaintenanceMark.updateOne({ _id: MARK_ID }, { $set: { rules: SEARCH_TERMS_RULES, at: new Date() } }, { upsert: true });
        break;
      }
      after = last._id;
      const missing = page.filter((doc) => doc.search === undefined);
      if (missing.length === 0) continue;
      const outcomes = await this.services.records.fillSearchTerms(
        missing.map((doc) => ({ tenantId: doc.tenantId, id: doc._id, version: doc.version, terms: searchTerms(doc.fields) })),
      );
      filled += outcomes.filter((outcome) => outcome.ok && outcome.n === 1).length;
    }
    return filled;
  }
}
