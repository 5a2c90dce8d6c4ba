import { contactKeys, type ContactKeys } from '@funnel/engine';
import type { RecordDoc } from '../models/record';
import { CONTACT_KEY_RULES } from '@funnel/engine';
import { OLDER_CONTACT_RULES, STALE_CONTACT_KEYS } from './stored-contact-keys';
import type { Services } from './services';
import { StartPass } from './start-pass';

/** Records read and rewritten per page (one `find`, one bulk write). */
const PAGE_RECORDS = 200;
/** Rewrites tried per record while other writers keep changing it; it is left for the next start after that. */
const ATTEMPTS_MAX = 3;

/** The maintenance mark of a backfill that left no record with keys of older rules or none (models/maintenance-mark.ts). */
const MARK_ID = 'contact-keys';

/** What the backfill reads of a record: enough to compute its keys and to check it has not moved since. */
type StaleRecord = Pick<RecordDoc, '_id' | 'tenantId' | 'workflowKey' | 'workflowVersion' | 'version' | 'fields' | 'contactRules'>;

/**
 * Rewrites the contact keys of records stored by older key rules (`STALE_CONTACT_KEYS`), once per process
 * start, in the background (docs/decisions.md 19). Each rewrite is conditional on the version and the rules
 * it read: a change that landed since (whose own write set the keys its fields needed) makes it miss, and the
 * record is read again on the next page; it does not raise the version, so it never makes a request's
 * version-checked write conflict. Any number of processes may run it at once: the one that writes a record
 * first takes it out of every other's pages. The scan is cross-tenant on purpose (as the sweeper's), through
 * the driver collection; each write is scoped to the record's tenant. A run that leaves nothing stale marks it in the
 * store (`maintenanceMarks`), and later starts read only the `contactRules` index's range of older numbered rules:
 * a restart's cost does not grow with the records. (Records without rules come only from versions before they were
 * stored; one such process still writing after the mark is found once the mark is deleted.)
 * @example const backfill = new ContactKeyBackfill(services); backfill.start(); await backfill.finished() // → records rewritten
 */
export class ContactKeyBackfill extends StartPass {
  /**
   * True once a run found no record with keys of older rules (and passed none over): from then on this
   * process's imports look up current keys only (`contactKeyLookups`).
   */
  allCurrent = false;

  constructor(services: Services) {
    // A failed run is logged, and the earlier rules' lookups stay on.
    super(services, 'contact key backfill');
  }

  protected pass(): Promise<number> {
    return this.rewriteAll();
  }

  private async rewriteAll(): Promise<number> {
    /** Records this run gives up on: their workflow version is unreadable, or they changed under every attempt. */
    const passedOver = new Set<string>();
    const misses = new Map<string, number>();
    let rewritten = 0;
    // A start after a run that left nothing stale reads only the index's range of older numbered rules (what an api
    // process of older rules still running may have written since), not every record.
    const marked = await this.services.models.MaintenanceMark.findOne({ _id: MARK_ID }, { rules: 1 }).lean();
    const stale = marked?.rules === CONTACT_KEY_RULES ? OLDER_CONTACT_RULES : STALE_CONTACT_KEYS;
    while (!this.stopped) {
      const page = await this.stalePage(stale, passedOver);
      if (page.length === 0) {
        this.allCurrent = passedOver.size === 0;
        if (this.allCurrent && stale === STALE_CONTACT_KEYS) {
          await this.services.models.MaintenanceMark.updateOne({ _id: MARK_ID }, { $set: { rules: CONTACT_KEY_RULES, at: new Date() } }, { upsert: true });
        }
        break;
      }
      const rewrites: Parameters<Services['records']['rewriteContactKeys']>[0] = [];
      for (const doc of page) {
        const keys = await this.currentKeys(doc).catch((error: unknown) => {
          this.services.log(`contact keys of record ${doc._id} of tenant ${doc.tenantId} not rewritten: ${(error as Error).message}`);
          return null;
        });
        if (keys) rewrites.push({ tenantId: doc.tenantId, id: doc._id, version: doc.version, contactRules: doc.contactRules, keys });
        else passedOver.add(doc._id);
      }
      const outcomes = await this.services.records.rewriteContactKeys(rewrites);
      for (const [i, { id }] of rewrites.entries()) {
        const outcome = outcomes[i];
        if (outcome?.ok && outcome.n === 1) {
          rewritten += 1;
          continue;
        }
        // Changed since it was read (or refused): read again on a later page, a few times at most.
        const missed = (misses.get(id) ?? 0) + 1;
        misses.set(id, missed);
        if (missed >= ATTEMPTS_MAX) {
          passedOver.add(id);
          this.services.log(
            `contact keys of record ${id} not rewritten: ${outcome?.ok ? 'changed by other writers' : outcome?.message} ${missed} times; the next start tries again`,
          );
        }
      }
    }
    return rewritten;
  }

  /** The next records `stale` finds, but those this run gave up on. */
  private async stalePage(stale: object, passedOver: Set<string>): Promise<StaleRecord[]> {
    const filter = { ...stale, ...(passedOver.size > 0 ? { _id: { $nin: [...passedOver] } } : {}) };
    return (await this.services.models.Record.collection
      .find(filter as never, { projection: { tenantId: 1, workflowKey: 1, workflowVersion: 1, version: 1, fields: 1, contactRules: 1 } })
      .limit(PAGE_RECORDS)
      .toArray()) as unknown as StaleRecord[];
  }

  /** The keys of the current rules for `doc`'s fields (its workflow version's contact fields). */
  private async currentKeys(doc: StaleRecord): Promise<ContactKeys> {
    const workflow = await this.services.workflows.version({ tenantId: doc.tenantId, key: doc.workflowKey, version: doc.workflowVersion });
    return contactKeys(workflow.definition, doc.fields);
  }
}
