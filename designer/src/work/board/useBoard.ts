import { useCallback, useEffect, useRef, useState } from 'react';
import { request, type VariablesOf } from '../graphql';
import { BOARD, type BoardCard, type BoardColumnAnswer } from './board-documents';

/**
 * Cards per page of a column: a few screens of cards (a column shows five to eight at 800 px), so the board's reads
 * (its first paint, every search keystroke, the read after a move) carry no more records than are seen; scrolling to
 * a column's end reads its next page.
 */
const PAGE_SIZE = 20;
/** The most cards the api gives in one page. */
const MAX_PAGE_SIZE = 100;

/** The board's filter as the api takes it. */
export type BoardFilter = NonNullable<VariablesOf<typeof BOARD>['filter']>;

/** A column as the board holds it: the api's totals, the cards read so far, and where the next page starts. */
export interface BoardColumnState {
  stage: string;
  phase: BoardColumnAnswer['phase'];
  count: number;
  amount: number;
  weightedAmount: number;
  cards: BoardCard[];
  endCursor: string | null;
  hasNextPage: boolean;
  loadingMore: boolean;
}

/** Where the board stands: loading (the first time), failed in words, or its columns. */
/** A board shown has the filter its cards were read with. */
export type BoardState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'done'; columns: BoardColumnState[]; filter: BoardFilter };

function columnState(answer: BoardColumnAnswer): BoardColumnState {
  return {
    stage: answer.stage,
    phase: answer.phase,
    count: answer.count,
    amount: answer.amount,
    weightedAmount: answer.weightedAmount,
    cards: answer.cards.edges.map((edge) => edge.node),
    endCursor: answer.cards.pageInfo.endCursor ?? null,
    hasNextPage: answer.cards.pageInfo.hasNextPage,
    loadingMore: false,
  };
}

async function readBoard(input: {
  workflowKey: string;
  pipeline: string | null;
  filter: BoardFilter;
  after?: string;
  first?: number;
}): Promise<BoardColumnAnswer[]> {
  const { board } = await request(BOARD, { first: PAGE_SIZE, ...input });
  if (board.__typename !== 'Board') throw new Error(board.message);
  return board.columns;
}

/** A card's record as a move left it: where it is now, at which version, with which fields and probability. */
export type MovedRecord = Pick<BoardCard, 'stage' | 'version' | 'fields' | 'probability'>;

/** What a record adds to its column's totals: one, its amount (a number, else 0) and its amount × probability / 100. */
function totalsOf(record: Pick<BoardCard, 'fields' | 'probability'>): { amount: number; weightedAmount: number } {
  const amount = (record.fields as Record<string, unknown> | null)?.amount;
  const counted = typeof amount === 'number' && Number.isFinite(amount) ? amount : 0;
  return { amount: counted, weightedAmount: (counted * record.probability) / 100 };
}

/**
 * The columns once a card's move is done: the card as the board holds it now (found by id: the board may have been
 * read again since the move started, and a rule may have left the record where it was) leaves its column with its
 * count and amounts, and the record as the api answered it heads the column of the stage it is in now, so the board
 * shows the move at once; the board's next read (after the live event) confirms it. A card the board no longer holds
 * takes nothing away.
 * @example columnsAfterMove(columns, card.id, { stage: 'mql', version: 3, fields, probability: 10 })
 */
export function columnsAfterMove(columns: readonly BoardColumnState[], cardId: string, moved: MovedRecord): BoardColumnState[] {
  const from = columns.find((column) => column.cards.some((card) => card.id === cardId));
  const held = from?.cards.find((card) => card.id === cardId);
  if (!from || !held) return [...columns];
  const leaving = totalsOf(held);
  const arriving = totalsOf(moved);
  return columns.map((column) => {
    let next = column;
    if (column === from) {
      next = {
        ...next,
        count: next.count - 1,
        amount: next.amount - leaving.amount,
        weightedAmount: next.weightedAmount - leaving.weightedAmount,
        cards: next.cards.filter((card) => card.id !== cardId),
      };
    }
    if (column.stage === moved.stage) {
      next = {
        ...next,
        count: next.count + 1,
        amount: next.amount + arriving.amount,
        weightedAmount: next.weightedAmount + arriving.weightedAmount,
        cards: [{ ...held, ...moved }, ...next.cards],
      };
    }
    return next;
  });
}

/** Cards of `more` that `cards` lacks, after them (a card that moved between pages is not shown twice). */
function appendCards(cards: readonly BoardCard[], more: readonly BoardCard[]): BoardCard[] {
  const seen = new Set(cards.map((card) => card.id));
  return [...cards, ...more.filter((card) => !seen.has(card.id))];
}

/**
 * A workflow's board for a filter: the first page of every column, read again when the inputs change or `reload` is
 * called (an answer that arrives after a newer request started is dropped, so a slow search never overwrites a later
 * one); `busy` while what is shown is an older filter's; `loadMore` reads a column's next page; `moveCard` shows a card's move (the api's answer) at once.
 * @example const { state, loadMore, reload } = useBoard({ workflowKey: 'standard_trunk', pipeline: null, filter: { scope: 'mine' } });
 */
export function useBoard({ workflowKey, pipeline, filter }: { workflowKey: string; pipeline: string | null; filter: BoardFilter }) {
  const [state, setState] = useState<BoardState>({ status: 'loading' });
  const latest = useRef(0);
  // How many cards the longest column has read: a reload reads as many again (up to a page), so a live move does not
  // take away the pages someone scrolled to.
  const read = useRef(PAGE_SIZE);
  read.current = state.status === 'done' ? Math.max(PAGE_SIZE, ...state.columns.map((column) => column.cards.length)) : PAGE_SIZE;
  const filterKey = JSON.stringify(filter);

  const reload = useCallback(() => {
    const ask = ++latest.current;
    readBoard({ workflowKey, pipeline, filter: JSON.parse(filterKey) as BoardFilter, first: Math.min(read.current, MAX_PAGE_SIZE) }).then(
      (columns) => ask === latest.current && setState({ status: 'done', columns: columns.map(columnState), filter: JSON.parse(filterKey) as BoardFilter }),
      (error: unknown) => ask === latest.current && setState({ status: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
  }, [workflowKey, pipeline, filterKey]);

  useEffect(reload, [reload]);

  const updateColumn = useCallback(
    (stage: string, change: (column: BoardColumnState) => BoardColumnState) =>
      setState((before) => (before.status === 'done' ? { ...before, columns: before.columns.map((c) => (c.stage === stage ? change(c) : c)) } : before)),
    [],
  );

  const loadMore = useCallback(
    (column: BoardColumnState) => {
      if (!column.hasNextPage || column.loadingMore || !column.endCursor) return;
      const ask = latest.current;
      updateColumn(column.stage, (c) => ({ ...c, loadingMore: true }));
      readBoard({ workflowKey, pipeline, filter: JSON.parse(filterKey) as BoardFilter, after: column.endCursor }).then(
        (columns) => {
          const page = columns.find((c) => c.stage === column.stage);
          if (ask !== latest.current || !page) return;
          updateColumn(column.stage, (c) => ({
            ...c,
            cards: appendCards(
              c.cards,
              page.cards.edges.map((edge) => edge.node),
            ),
            endCursor: page.cards.pageInfo.endCursor ?? c.endCursor,
            hasNextPage: page.cards.pageInfo.hasNextPage,
            loadingMore: false,
          }));
        },
        () => updateColumn(column.stage, (c) => ({ ...c, loadingMore: false })),
      );
    },
    [workflowKey, pipeline, filterKey, updateColumn],
  );

  const moveCard = useCallback((cardId: string, moved: MovedRecord) => {
    setState((before) => (before.status === 'done' ? { ...before, columns: columnsAfterMove(before.columns, cardId, moved) } : before));
  }, []);

  /** The board shows an older filter's cards while the new filter's are read (a search typed on). */
  const busy = state.status === 'done' && JSON.stringify(state.filter) !== filterKey;
  return { state, busy, reload, loadMore, moveCard };
}
