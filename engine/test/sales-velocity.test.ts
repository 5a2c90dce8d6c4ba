import { describe, expect, it } from 'vitest';
import type { FunnelEvent, FunnelRecord } from '../src';
import { salesVelocity, velocityParts } from '../src';

const DAY = 86_400_000;
const period = { from: 100 * DAY, to: 130 * DAY };

/** A record with what velocity reads. */
function record(partial: Partial<FunnelRecord> & { amount?: number }): FunnelRecord {
  const { amount, ...rest } = partial;
  return { id: 'r', stage: 'lead', fields: amount === undefined ? {} : { amount }, excludedFromPerformance: false, ...rest } as FunnelRecord;
}

describe('sales velocity', () => {
  it('counts the open opportunities now and the deals won in the period, leaving out excluded records, pools and other phases', () => {
    const parts = velocityParts({
      opportunityStages: new Set(['opportunity', 'trial']),
      period,
      events: [],
      records: [
        record({ stage: 'opportunity', amount: 10_000 }),
        record({ stage: 'trial', amount: 5_000 }),
        record({ id: 'flagged', stage: 'trial', amount: 9_000, excludedFromPerformance: true }),
        record({ stage: 'opportunity', amount: 1_000, pool: { since: 0 } as FunnelRecord['pool'] }),
        record({ stage: 'lead', amount: 2_000 }),
        record({ stage: 'won', outcome: 'won', closedAt: 101 * DAY, amount: 30_000 }),
        record({ stage: 'won', outcome: 'won', closedAt: 129 * DAY, amount: 'n/a' as unknown as number }),
        record({ stage: 'won', outcome: 'won', closedAt: 130 * DAY, amount: 50_000 }),
        record({ stage: 'lost', outcome: 'lost', closedAt: 110 * DAY, amount: 40_000 }),
      ],
    });
    expect(parts).toEqual({ openOpportunities: { count: 2, amount: 15_000 }, won: { count: 2, amount: 30_000 } });
  });

  it('counts a deal won after a return to marketing (its flag comes from the return), and narrows to a filter by the records as they are', () => {
    const returned = record({ id: 'back', stage: 'won', outcome: 'won', closedAt: 101 * DAY, amount: 7_000, excludedFromPerformance: true, owner: 'ann' });
    const events: FunnelEvent[] = [
      {
        type: 'transitioned',
        at: 90 * DAY,
        actor: 'u',
        recordId: 'back',
        transition: 'return_mql',
        from: 'sql',
        to: 'mql',
        cause: 'actor',
        excludedFromPerformance: true,
        durationInStage: DAY,
      },
    ];
    const records = [returned, record({ id: 'bob', stage: 'won', outcome: 'won', closedAt: 102 * DAY, amount: 3_000, owner: 'bob' })];
    const opportunityStages = new Set(['opportunity']);
    expect(velocityParts({ records, events, opportunityStages, period }).won).toEqual({ count: 2, amount: 10_000 });
    expect(velocityParts({ records, events: [], opportunityStages, period }).won).toEqual({ count: 1, amount: 3_000 });
    expect(velocityParts({ records, events, opportunityStages, period, filter: { owners: ['ann'] } }).won).toEqual({ count: 1, amount: 7_000 });
  });

  it('is open opportunities × win rate × average won amount ÷ cycle length in days, and null without a part', () => {
    const parts = { openOpportunities: { count: 20, amount: 200_000 }, won: { count: 4, amount: 40_000 } };
    expect(salesVelocity({ parts, winRate: 0.25, cycleLength: 40 * DAY })).toEqual({
      openOpportunities: 20,
      openAmount: 200_000,
      winRate: 0.25,
      averageWonAmount: 10_000,
      cycleLength: 40 * DAY,
      perDay: 1_250,
    });
    expect(salesVelocity({ parts, winRate: null, cycleLength: 40 * DAY }).perDay).toBeNull();
    expect(salesVelocity({ parts: { ...parts, won: { count: 0, amount: 0 } }, winRate: 0.25, cycleLength: null }).averageWonAmount).toBeNull();
    expect(salesVelocity({ parts, winRate: 0.25, cycleLength: 0 }).perDay).toBeNull();
  });
});
