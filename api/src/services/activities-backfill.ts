import { MAX_SCORED_ACTIVITIES, scoredActivity, type Activity, type ScoredActivity } from '@funnel/engine';
import type { RecordDoc } from '../models/record';
import { groupBy } from './group-by';
import type { Services } from './services';
import { MarkedWalk } from './start-pass';

/**
 * Gives records stored before they kept their recent activities (`activities`, which engagement scoring reads:
 * docs/decisions.md 35) the last MAX_SCORED_ACTIVITIES activities their event log holds, once per store: every api
 * process starts it in the background, and the first run that reaches the last record marks the store
 * (`maintenanceMarks`). It walks the records in id order, cross-tenant, reads the `activity_logged` events of a
 * page's records without activities in one read per tenant, and writes each through the record store while the record
 * still has none, raising no version (they are what its log holds). A record that logged an activity since keeps what
 * its own write gave it: that activity only, its earlier ones lost to scoring (the walk runs at the first start after
 * an upgrade, so this is the activities logged in the minutes before the walk reaches it).
 * @example const backfill = new ActivitiesBackfill(services); backfill.start(); await backfill.finished() // → records given activities
 */
export class ActivitiesBackfill extends MarkedWalk<'activities'> {
  constructor(services: Services) {
    // A failed run is logged, and tried again at the next start. `rules`: raised when every record needs reading again.
    super(services, 'activities backfill', { id: 'scored-activities', rules: 1, read: ['activities'] });
  }

  protected fillPage(page: Pick<RecordDoc, '_id' | 'tenantId' | 'version' | 'activities'>[]): Promise<number> {
    return this.fill(page.filter((doc) => doc.activities === undefined));
  }

  /** Gives `docs` the activities their logs hold; how many were written. */
  private async fill(docs: Pick<RecordDoc, '_id' | 'tenantId'>[]): Promise<number> {
    let filled = 0;
    for (const [tenantId, ofTenant] of groupBy(docs, (doc) => doc.tenantId)) {
      const events = (await this.services.models.Event.find(
        { tenantId, recordId: { $in: ofTenant.map((doc) => doc._id) }, type: 'activity_logged' },
        { recordId: 1, at: 1, activity: 1 },
      ).lean()) as unknown as { recordId: string; at: number; activity: Activity }[];
      const byRecord = groupBy(events, (event) => event.recordId);
      const fills = ofTenant.flatMap((doc) => {
        const logged = byRecord.get(doc._id);
        if (!logged) return [];
        const activities: ScoredActivity[] = logged
          .sort((a, b) => a.at - b.at)
          .slice(-MAX_SCORED_ACTIVITIES)
          .map((event) => scoredActivity(event.activity, event.at));
        return [{ tenantId, id: doc._id, activities }];
      });
      if (fills.length === 0) continue;
      const outcomes = await this.services.records.fillMissing(
        'activities',
        fills.map(({ activities, ...fill }) => ({ ...fill, value: activities })),
      );
      filled += outcomes.filter((outcome) => outcome.ok && outcome.n === 1).length;
    }
    return filled;
  }
}
