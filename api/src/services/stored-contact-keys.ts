import { CONTACT_KEY_RULES, type ContactKeys } from '@funnel/engine';
import type { RecordDoc } from '../models/record';

/**
 * Records whose stored keys may have been made by older rules: an older `contactRules`, or none (written before
 * the number was stored). A newer number is left alone: a process of the code before must not undo it.
 */
export const STALE_CONTACT_KEYS = { contactRules: { $not: { $gte: CONTACT_KEY_RULES } } };

/**
 * Records whose stored keys were made by older numbered rules: a range of the `contactRules` index. Once a backfill
 * found none without rules at all (the maintenance mark), this is all a start looks for: `STALE_CONTACT_KEYS`'s
 * missing-rules branch reads every record, on MongoDB and the embedded store alike.
 */
export const OLDER_CONTACT_RULES = { contactRules: { $lt: CONTACT_KEY_RULES } };

/**
 * What a write stores for a record's keys: the keys and the rules they were made by, always together.
 * @example storedContactKeys({ email: 'ann@x.com' }) // → { contact: { email: 'ann@x.com' }, contactRules: 2 }
 */
export function storedContactKeys(keys: ContactKeys): Pick<RecordDoc, 'contact' | 'contactRules'> {
  return { contact: keys, contactRules: CONTACT_KEY_RULES };
}
