import { checkSlug, slugCandidate, slugFromName } from '../accounts/account-rules';
import { ValidationFailedError } from '../errors';
import { isDuplicateKey } from '../models/duplicate-key';
import type { Models } from '../models/models';
import type { TenantDoc } from '../models/tenant';

/** Candidates tried for a slug made from a name (acme, acme-2, … acme-20) before a random suffix. */
const NUMBERED_CANDIDATES = 20;

/**
 * Writes a tenant with a slug: the one asked for (refused at /slug when malformed or taken), or one made from the
 * name, with `-2`, `-3`… or at last a random suffix until the unique index takes it. `write` inserts or updates the
 * tenant with the slug it is given; a duplicate key on the slug means taken.
 * @example await withUniqueSlug({ name: 'Acme', write: (slug) => models.Tenant.create({ …, slug }) })
 */
export async function withUniqueSlug<T>(input: { name: string; slug?: string | null; write: (slug: string) => Promise<T> }): Promise<T> {
  if (input.slug != null) {
    const slug = input.slug.trim().toLowerCase();
    const problem = checkSlug(slug);
    if (problem) throw new ValidationFailedError([problem]);
    try {
      return await input.write(slug);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      throw new ValidationFailedError([{ severity: 'error', code: 'exists', pointer: '/slug', message: `the slug "${slug}" is taken; choose another` }]);
    }
  }
  const base = slugFromName(input.name);
  for (let attempt = 1; ; attempt++) {
    const slug = attempt <= NUMBERED_CANDIDATES ? slugCandidate(base, attempt) : slugCandidate(base, Math.floor(Math.random() * 1e6) + NUMBERED_CANDIDATES);
    try {
      return await input.write(slug);
    } catch (error) {
      if (!isDuplicateKey(error) || attempt > NUMBERED_CANDIDATES * 2) throw error;
    }
  }
}

/**
 * The tenant that signs in with `slug`, or null. Sign-in names a tenant before anyone is known, so this reads across
 * tenants, through the driver on purpose (like the sweeper), by the unique slug index.
 */
export async function tenantBySlug(models: Models, slug: string): Promise<TenantDoc | null> {
  return (await models.Tenant.collection.findOne({ slug: slug.trim().toLowerCase() })) as TenantDoc | null;
}

/**
 * Gives every tenant made before slugs existed one made from its name (each process at start; a tenant another
 * process gave one meanwhile keeps it). Returns how many it gave.
 */
export async function backfillTenantSlugs(models: Models): Promise<number> {
  const missing = (await models.Tenant.collection.find({ slug: { $exists: false } }, { projection: { _id: 1, name: 1 } }).toArray()) as unknown as Pick<
    TenantDoc,
    '_id' | 'name'
  >[];
  let given = 0;
  for (const tenant of missing) {
    await withUniqueSlug({
      name: tenant.name,
      write: async (slug) => {
        const { modifiedCount } = await models.Tenant.updateOne({ tenantId: tenant._id, _id: tenant._id, slug: { $exists: false } }, { $set: { slug } });
        given += modifiedCount;
      },
    });
  }
  return given;
}
