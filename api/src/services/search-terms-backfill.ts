import type { RecordDoc } from '../models/record';
import { searchTerms } from './search-terms';
import type { Services } from './services';
import { MarkedWalk } from './start-pass';

/**
 * Gives the records stored before search their search terms (services/search-terms.ts), once per store (MarkedWalk:
 * every api process starts it in the background, the first run that reaches the last record marks the store). Each
 * write is conditional on the record still having no terms (a write that changes its fields gives it terms itself),
 * and raises no version.
 * Records written since have their terms from their own writes.
 * @example const backfill = new SearchTermsBackfill(services); backfill.start(); await backfill.finished() // → records given terms
 */
export class SearchTermsBackfill extends MarkedWalk<'fields' | 'search'> {
  constructor(services: Services) {
    // A failed run is logged, and tried again at the next start. `rules`: raised when every record needs new terms.
    super(services, 'search terms backfill', { id: 'search-terms', rules: 1, read: ['fields', 'search'] });
  }

  protected async fillPage(page: Pick<RecordDoc, '_id' | 'tenantId' | 'version' | 'fields' | 'search'>[]): Promise<number> {
    const missing = page.filter((doc) => doc.search === undefined);
    if (missing.length === 0) return 0;
    const outcomes = await this.services.records.fillMissing(
      'search',
      missing.map((doc) => ({ tenantId: doc.tenantId, id: doc._id, value: searchTerms(doc.fields) })),
    );
    return outcomes.filter((outcome) => outcome.ok && outcome.n === 1).length;
  }
}
