import { getTemplate } from '@funnel/schemas';
import { describe, expect, it } from 'vitest';
import { cardDeadline, cardFacts, phaseGroups, stageName } from '../src/work/board/board-model';
import { askedFields, asksForReason, blockerField, reasonChoices } from '../src/work/transition/transition-needs';

const trunk = getTemplate('standard_trunk').definition;

/** A blocker as the api sends it, with only what a test names. */
function blocker(fields: { type: string; field?: string; pointer?: string; options?: string[] }) {
  return { field: null, pointer: null, options: [], message: '', requiredRoles: [], detail: {}, ...fields };
}

describe('the board as it reads the definition', () => {
  it('groups neighbouring columns of one phase under one heading, in the board order', () => {
    const columns = ['lead', 'mql', 'sql', 'opportunity', 'won', 'pool'].map((stage) => ({
      stage,
      phase: trunk.stages.find((candidate) => candidate.key === stage)?.phase ?? 'lead',
    }));
    expect(phaseGroups(columns).map((group) => [group.phase, group.columns.map((column) => column.stage)])).toEqual([
      ['lead', ['lead', 'mql', 'sql']],
      ['opportunity', ['opportunity']],
      ['order', ['won']],
      ['lead', ['pool']],
    ]);
  });

  it('names a stage in the person’s language, and by its key when the definition lacks it', () => {
    expect(stageName(trunk, 'opportunity', 'zh-Hans')).toBe('商机');
    expect(stageName(trunk, 'nowhere', 'en')).toBe('nowhere');
  });

  it('says an SQL’s one-week rule sends it back to the pool, with when', () => {
    const deadline = cardDeadline({ stage: 'sql', timers: [{ key: 'one_week_rule', stage: 'sql', dueAt: '2026-12-08T09:00:00.000Z' }] }, trunk, 'en');
    expect(deadline).toEqual({ toPool: true, timer: 'One-week rule', dueAt: '2026-12-08T09:00:00.000Z' });
    expect(cardDeadline({ stage: 'lead', timers: [] }, trunk, 'en')).toBeNull();
  });

  it('reads a card’s company from companyName or company, and no amount from a text', () => {
    expect(cardFacts({ fields: { name: 'Acme', company: 'Acme GmbH', amount: '12' } })).toEqual({ name: 'Acme', company: 'Acme GmbH', amount: null });
  });
});

describe('what a refused transition asks for', () => {
  it('keeps the fields asked before and adds the missing and invalid ones the blockers name', () => {
    const blockers = [
      blocker({ type: 'missing_field', field: 'seats' }),
      blocker({ type: 'invalid_field', pointer: '/fields/product' }),
      blocker({ type: 'guard' }),
    ];
    expect(askedFields(['companyName', 'seats'], blockers)).toEqual(['companyName', 'seats', 'product']);
    expect(blockerField(blocker({ type: 'invalid_field', pointer: '/probability' }))).toBeNull();
  });

  it('asks for a reason when one is required or unknown, and names the reasons from the definition', () => {
    expect(asksForReason([blocker({ type: 'reason_required', options: ['no_budget'] })])).toBe(true);
    expect(asksForReason([blocker({ type: 'missing_field', field: 'amount' })])).toBe(false);
    const lose = trunk.transitions.find((transition) => transition.key === 'lose');
    const [first] = reasonChoices(lose, [], 'zh-Hans');
    expect(first?.key).toBe(lose?.reason?.options[0]?.key);
    expect(first?.name).toBe(lose?.reason?.options[0]?.name['zh-Hans']);
    expect(reasonChoices(undefined, ['other'], 'en')).toEqual([{ key: 'other', name: 'other' }]);
  });
});
