import { getTemplate } from '@funnel/schemas';
import { describe, expect, it } from 'vitest';
import { mainPathOrder, nearestRankPercentile } from '../src';

describe('nearestRankPercentile', () => {
  it('picks the value at rank ceil(p·n/100) of the sorted values', () => {
    const values = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(nearestRankPercentile(values, 50)).toBe(5);
    expect(nearestRankPercentile(values, 90)).toBe(9);
    expect(nearestRankPercentile(values, 91)).toBe(10);
    expect(nearestRankPercentile(values, 100)).toBe(10);
    expect(nearestRankPercentile(values, 1)).toBe(1);
  });

  it('never interpolates: the median of an even count is the lower middle value', () => {
    expect(nearestRankPercentile([1, 2, 3, 4], 50)).toBe(2);
    expect(nearestRankPercentile([100, 200], 50)).toBe(100);
  });

  it('is exact where p·n/100 is a whole number despite binary floating point (70% of 10 is rank 7, not 8)', () => {
    expect(nearestRankPercentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 70)).toBe(7);
  });

  it('has no percentile of nothing', () => {
    expect(nearestRankPercentile([], 50)).toBeNull();
  });

  it('leaves its input unsorted', () => {
    const values = [3, 1, 2];
    nearestRankPercentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('mainPathOrder', () => {
  it.each([
    ['minimal_trunk', ['lead', 'opportunity', 'order']],
    ['standard_trunk', ['lead', 'mql', 'sql', 'opportunity', 'product_trial', 'contract_negotiation', 'won']],
    ['mql_srl_sql', ['mql', 'srl', 'sql', 'discovery', 'negotiation', 'contract', 'closed_won']],
    ['six_stage', ['prospect', 'qualification', 'needs_analysis', 'proposal', 'negotiation', 'contract_signed', 'paid']],
    ['customer_lifecycle', ['list', 'lead', 'mql', 'sql', 'opportunity', 'customer']],
  ])('walks %s breadth-first from the initial stage, leaving out lost and pool stages', (key, order) => {
    expect(mainPathOrder(getTemplate(key).definition)).toEqual(order);
  });

  it('continues from a pipeline entry stage the initial stage does not reach', () => {
    const { definition } = getTemplate('minimal_trunk');
    const islands = {
      ...definition,
      stages: [
        ...definition.stages,
        { key: 'renewal', name: { en: 'Renewal' }, phase: 'opportunity' as const, probability: 50, forecastCategory: 'commit' as const },
      ],
      transitions: [...definition.transitions, { key: 'renew', name: { en: 'Renew' }, from: ['renewal'], to: 'order' }],
      pipelines: [{ key: 'renewals', name: { en: 'Renewals' }, entryStage: 'renewal' }],
    };
    expect(mainPathOrder(islands)).toEqual(['lead', 'opportunity', 'order', 'renewal']);
  });
});
