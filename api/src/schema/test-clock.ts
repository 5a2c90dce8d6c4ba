import { Duration } from 'luxon';
import { requireUser } from '../auth/require-user';
import { TestClock } from '../clock';
import { ApiError, ValidationFailedError } from '../errors';
import type { Context } from '../context';
import { builder } from './builder';

/** The root fields that exist only with FUNNEL_TEST_CLOCK=1 (buildSchema strips them otherwise). */
export const TEST_CLOCK_FIELDS = ['setClock', 'advanceClock', 'runDueTimers'] as const;

function testClock(ctx: Context): TestClock {
  requireUser(ctx, ['admin']);
  const clock = ctx.services.clock;
  if (!(clock instanceof TestClock)) throw new ApiError('FORBIDDEN', 'The server does not run on the test clock');
  return clock;
}

const ClockPayload = builder.objectRef<{ now: number; fired: number }>('ClockPayload').implement({
  fields: (t) => ({
    now: t.field({ type: 'DateTime', resolve: (p) => p.now }),
    fired: t.exposeInt('fired', { description: 'Records changed by the sweep that ran (runDueTimers only).' }),
  }),
});

builder.mutationField('setClock', (t) =>
  t.field({
    type: ClockPayload,
    description: 'Test clock only (FUNNEL_TEST_CLOCK=1), admins only: sets the time.',
    args: { at: t.arg({ type: 'DateTime', required: true }) },
    resolve: (_root, { at }, ctx) => {
      const clock = testClock(ctx);
      clock.set(at.getTime());
      return { now: clock.now(), fired: 0 };
    },
  }),
);

builder.mutationField('advanceClock', (t) =>
  t.field({
    type: ClockPayload,
    description: 'Test clock only, admins only: moves the time forward by an ISO-8601 duration (e.g. "P7D").',
    args: { by: t.arg.string({ required: true }) },
    errors: { types: [ValidationFailedError] },
    resolve: (_root, { by }, ctx) => {
      const clock = testClock(ctx);
      const duration = Duration.fromISO(by);
      if (!duration.isValid || duration.as('milliseconds') < 0) {
        throw new ValidationFailedError([{ severity: 'error', code: 'format', pointer: '/by', message: 'must be an ISO-8601 duration such as P7D or PT1H' }]);
      }
      clock.advance(duration.as('milliseconds'));
      return { now: clock.now(), fired: 0 };
    },
  }),
);

builder.mutationField('runDueTimers', (t) =>
  t.field({
    type: ClockPayload,
    description: 'Test clock only, admins only: runs the timer sweep now, until nothing is due.',
    resolve: async (_root, _args, ctx) => {
      const clock = testClock(ctx);
      const { fired } = await ctx.services.sweeper.sweepAll();
      return { now: clock.now(), fired };
    },
  }),
);
