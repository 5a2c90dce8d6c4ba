import DataLoader from 'dataloader';
import type { Models } from '../models/models';
import type { UserDoc } from '../models/user';
import { nextTurn } from './next-turn';

/** Most ids one `find` asks for (a page of 100 records names a few hundred people at most); more are split. */
const BATCH_MAX = 1_000;

type UsersById = DataLoader<string, UserDoc | null>;

/**
 * The people one request names by id (owners, managers, requesters, actors, metric rows), each read from one
 * tenant only: the caller's, or the tenant of the user who names them. Every id of a tenant asked for in one turn
 * of the event loop costs one `find` together, so a page of 100 records with their owners is one user read, not
 * 100. It keeps nothing between turns: each read sees the store as of its batch, so a subscription's later events
 * read people afresh. An id that is no user of the tenant (another tenant's user included) reads as null; a
 * deactivated user reads as they are, `active: false`.
 * @example const owner = await ctx.users.byId(record.owner) // one find with the other owners of the page
 */
export class UserLoader {
  /** One loader per tenant asked for; a request names people of one tenant, its caller's. */
  private readonly tenants = new Map<string, UsersById>();

  /** `callerTenantId`: the tenant of the signed-in caller; null for anonymous and root callers. */
  constructor(
    private readonly models: Models,
    private readonly callerTenantId: string | null,
  ) {}

  /** The user with this id in `tenantId` (the caller's when left out), or null (no id, or no such user there). */
  byId(id: string | null | undefined, tenantId: string | null = this.callerTenantId): Promise<UserDoc | null> {
    if (id == null || tenantId === null) return Promise.resolve(null);
    return this.of(tenantId).load(id);
  }

  private of(tenantId: string): UsersById {
    let loader = this.tenants.get(tenantId);
    if (!loader) {
      loader = new DataLoader(
        async (ids) => {
          const users = await this.models.User.find({ tenantId, _id: { $in: [...new Set(ids)] } }).lean();
          const byId = new Map(users.map((user) => [user._id, user]));
          return ids.map((id) => byId.get(id) ?? null);
        },
        { cache: false, maxBatchSize: BATCH_MAX, batchScheduleFn: nextTurn },
      );
      this.tenants.set(tenantId, loader);
    }
    return loader;
  }
}
