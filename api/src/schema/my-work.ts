import type { FunnelRecord } from '@funnel/engine';
import type { Context } from '../context';
import { ValidationFailedError } from '../errors';
import { myWorkPage, type MyWorkList } from '../services/my-work';
import { builder } from './builder';
import { cursorId, pageCursor } from './page-cursor';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './id-cursor-page';
import { RecordRef } from './record';

/** A day in milliseconds. */
const DAY_MS = 86_400_000;
/** How far ahead `dueSoon` looks, and how far back `recycledFromMe`, unless asked otherwise. */
const DUE_SOON_DAYS = 3;
const RECENT_DAYS = 7;

/** The caller's lists, with the horizons they were asked with. */
interface MyWork {
  tenantId: string;
  userId: string;
  horizonMs: number;
  recentMs: number;
}

/** A page of one list as a Relay connection, forward only (first, after): each cursor holds its record's time and id. */
async function listConnection(
  ctx: Context,
  work: MyWork,
  list: MyWorkList,
  args: { first?: number | null; after?: string | null; last?: number | null; before?: string | null },
) {
  if (args.last != null || args.before != null) {
    throw new ValidationFailedError([
      {
        severity: 'error',
        code: 'forward_only',
        pointer: args.last != null ? '/last' : '/before',
        message: 'the lists of myWork page forward only: use first and after',
      },
    ]);
  }
  const name = `myWork.${list}`;
  const position = args.after ? cursorId({ list: name, cursor: args.after, pointer: '/after' }) : null;
  const [at, ...id] = position?.split(':') ?? [];
  const after = position ? { at: Number(at), id: id.join(':') } : null;
  if (after && (!Number.isFinite(after.at) || after.id === ''))
    throw new ValidationFailedError([{ severity: 'error', code: 'cursor', pointer: '/after', message: 'is not a cursor of this list' }]);
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(0, args.first ?? DEFAULT_PAGE_SIZE));
  const { tenantId } = work;
  const rows = await myWorkPage(ctx.services, {
    tenantId,
    userId: work.userId,
    list,
    now: await ctx.services.clock.now(tenantId),
    horizonMs: work.horizonMs,
    recentMs: work.recentMs,
    limit: limit + 1,
    after,
  });
  const edges = rows.slice(0, limit).map((row) => ({ cursor: pageCursor({ list: name, id: `${row.at}:${row.record.id}` }), node: row.record as FunnelRecord }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** Each list and what it holds. */
const LISTS: Record<MyWorkList, string> = {
  dueSoon: 'My records with something due within the horizon (a warning, a recycle deadline: their timers say which and when), the soonest first.',
  followUpsDue: 'My records whose next follow-up has come due (on the tenant’s clock), the oldest first.',
  recycledFromMe: 'Records that went back to the pool from me (recycled by a timer, or released) within the recent days, the latest first.',
  myRequests: 'Records with an extension or an approval I asked for and nobody has decided yet.',
};

const MyWorkRef = builder.objectRef<MyWork>('MyWork').implement({
  description: "A salesperson's morning: what is about to go back to the pool, follow-ups come due, what went back, and requests waiting on a decision.",
  fields: (t) =>
    Object.fromEntries(
      (Object.entries(LISTS) as [MyWorkList, string][]).map(([list, description]) => [
        list,
        t.connection({ type: RecordRef, description, resolve: (work, args, ctx) => listConnection(ctx, work, list, args) }),
      ]),
    ),
});

builder.queryField('myWork', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: MyWorkRef,
    description: "The caller's work lists, each paged on its own (first, after).",
    args: {
      dueWithinDays: t.arg.int({ description: `How far ahead dueSoon looks (default ${DUE_SOON_DAYS}).` }),
      recentDays: t.arg.int({ description: `How far back recycledFromMe looks (default ${RECENT_DAYS}).` }),
    },
    resolve: (_root, args, ctx) => ({
      tenantId: ctx.viewer.tenantId,
      userId: ctx.viewer.actor.id,
      horizonMs: Math.max(0, args.dueWithinDays ?? DUE_SOON_DAYS) * DAY_MS,
      recentMs: Math.max(0, args.recentDays ?? RECENT_DAYS) * DAY_MS,
    }),
  }),
);
