import { getTemplate } from '@funnel/schemas';
import { describe, expect, it } from 'vitest';
import type { BoardCard } from '../src/work/board/board-documents';
import { type BoardColumnState, columnsAfterMove } from '../src/work/board/useBoard';
import { movesBetween } from '../src/work/board/useCardMoves';

const trunk = getTemplate('standard_trunk').definition;

/** A card with only what a test names. */
function card(id: string, stage: string, amount: unknown, probability: number): BoardCard {
  return {
    id,
    stage,
    version: 1,
    workflowKey: 'standard_trunk',
    workflowVersion: 1,
    fields: { amount },
    probability,
    score: null,
    owner: null,
    nextDueAt: null,
    timers: [],
  };
}

/** A column holding these cards, its totals theirs. */
function column(stage: string, cards: BoardCard[], totals: { amount: number; weightedAmount: number }): BoardColumnState {
  return { stage, phase: 'lead', count: cards.length, ...totals, cards, endCursor: null, hasNextPage: false, loadingMore: false };
}

describe('a move on the board', () => {
  it('finds the transitions from the card’s stage to the drop’s, in definition order, as the api lists them', () => {
    expect(movesBetween(trunk, 'lead', 'mql').map((move) => move.transition)).toEqual(['qualify']);
    expect(movesBetween(trunk, 'lead', 'won')).toEqual([]);
    const every = trunk.transitions.filter((transition) => transition.from.includes('sql')).map((transition) => transition.to);
    for (const to of new Set(every)) expect(movesBetween(trunk, 'sql', to).length).toBeGreaterThan(0);
  });

  it('takes the card and its totals out of its column and puts them, as the api answered, at the head of its new one', () => {
    const moving = card('r1', 'sql', 1000, 20);
    const columns = [
      column('sql', [card('r0', 'sql', 'a lot', 20), moving], { amount: 1000, weightedAmount: 200 }),
      column('opportunity', [card('r2', 'opportunity', 500, 40)], { amount: 500, weightedAmount: 200 }),
      column('won', [], { amount: 0, weightedAmount: 0 }),
    ];
    const after = columnsAfterMove(columns, moving.id, { stage: 'opportunity', version: 2, fields: { amount: 1200 }, probability: 50 });
    expect(after.map((c) => [c.stage, c.count, c.amount, c.weightedAmount, c.cards.map((x) => x.id)])).toEqual([
      ['sql', 1, 0, 0, ['r0']],
      ['opportunity', 2, 1700, 800, ['r1', 'r2']],
      ['won', 0, 0, 0, []],
    ]);
    expect(after[1]?.cards[0]).toMatchObject({ stage: 'opportunity', version: 2, fields: { amount: 1200 }, probability: 50 });
  });

  it('counts a record a rule left in its stage once, and a move the board already read once', () => {
    const moving = card('r1', 'lead', 100, 10);
    const columns = [
      column('lead', [moving, card('r2', 'lead', 50, 10)], { amount: 150, weightedAmount: 15 }),
      column('mql', [], { amount: 0, weightedAmount: 0 }),
    ];
    const stayed = columnsAfterMove(columns, 'r1', { stage: 'lead', version: 3, fields: { amount: 100 }, probability: 10 });
    expect(stayed.map((c) => [c.stage, c.count, c.amount, c.cards.map((x) => x.id)])).toEqual([
      ['lead', 2, 150, ['r1', 'r2']],
      ['mql', 0, 0, []],
    ]);
    // The board was read again before the answer came: the card is in MQL already, and stays there once.
    const reread = [
      column('lead', [card('r2', 'lead', 50, 10)], { amount: 50, weightedAmount: 5 }),
      column('mql', [{ ...moving, stage: 'mql', version: 2 }], { amount: 100, weightedAmount: 10 }),
    ];
    const after = columnsAfterMove(reread, 'r1', { stage: 'mql', version: 2, fields: { amount: 100 }, probability: 10 });
    expect(after.map((c) => [c.stage, c.count, c.amount, c.weightedAmount, c.cards.map((x) => x.id)])).toEqual([
      ['lead', 1, 50, 5, ['r2']],
      ['mql', 1, 100, 10, ['r1']],
    ]);
    // A card the board no longer holds (filtered out by the re-read) changes nothing.
    expect(columnsAfterMove(reread, 'gone', { stage: 'mql', version: 2, fields: {}, probability: 0 })).toEqual(reread);
  });
});
