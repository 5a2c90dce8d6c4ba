import { Duration } from 'luxon';
import { ApiError, ValidationFailedError } from '../errors';
import type { SignedInContext } from '../context';
import { builder } from './builder';

/** The root fields that exist only with FUNNEL_TEST_CLOCK=1 (buildSchema strips them otherwise). */
export const TEST_CLOCK_FIELDS = ['setClock', 'advanceClock', 'runDueTimers'] as const;

/** The caller's tenant, when the server runs on the test clock (the fields ask for an admin). */
function testClockTenant(ctx: SignedInContext): string {
  if (!ctx.services.clock.settable) throw new ApiError('FORBIDDEN', 'The server does not run on the test clock');
  return ctx.viewer.tenantId;
}

const ClockPayload = builder.objectRef<{ now: number; fired: number }>('ClockPayload').implement({
  fields: (t) => ({
    now: t.field({ type: 'DateTime', resolve: (p) => p.now }),
    fired: t.exposeInt('fired', { description: 'Records changed by the sweep that ran (runDueTimers only).' }),
  }),
});

builder.mutationField('setClock', (t) =>
  t.withAuth({ admin: true }).field({
    type: ClockPayload,
    description: "Test clock only (FUNNEL_TEST_CLOCK=1), admins only: sets the time of the caller's tenant, for every api process.",
    args: { at: t.arg({ type: 'DateTime', required: true }) },
    resolve: async (_root, { at }, ctx) => ({ now: await ctx.services.clock.set(testClockTenant(ctx), at.getTime()), fired: 0 }),
  }),
);

builder.mutationField('advanceClock', (t) =>
  t.withAuth({ admin: true }).field({
    type: ClockPayload,
    description: 'Test clock only, admins only: moves the time of the caller\'s tenant forward by an ISO-8601 duration (e.g. "P7D").',
    args: { by: t.arg.string({ required: true }) },
    errors: { types: [ValidationFailedError] },
    resolve: async (_root, { by }, ctx) => {
      const tenantId = testClockTenant(ctx);
      const duration = Duration.fromISO(by);
      if (!duration.isValid || duration.as('milliseconds') < 0) {
        throw new ValidationFailedError([{ severity: 'error', code: 'format', pointer: '/by', message: 'must be an ISO-8601 duration such as P7D or PT1H' }]);
      }
      return { now: await ctx.services.clock.advance(tenantId, duration.as('milliseconds')), fired: 0 };
    },
  }),
);

builder.mutationField('runDueTimers', (t) =>
  t.withAuth({ admin: true }).field({
    type: ClockPayload,
    description: "Test clock only, admins only: runs the timer sweep of the caller's tenant now, at its time, until nothing is due.",
    resolve: async (_root, _args, ctx) => {
      const tenantId = testClockTenant(ctx);
      const { fired } = await ctx.services.sweeper.sweepAll({ tenantId });
      return { now: await ctx.services.clock.now(tenantId), fired };
    },
  }),
);
