import { useCallback, useEffect, useState } from 'react';
import { type ResultOf, request } from '../graphql';
import { type BoardCard, RECORD_MOVES } from './board-documents';

type MovesRecord = Extract<ResultOf<typeof RECORD_MOVES>['record'], { __typename: 'Record' }>;
/** One way out of a record's stage (available or not). */
export type MoveOption = MovesRecord['availableTransitions'][number];

/** Where a move stands: the record and target stage, and the transitions that lead there (one chosen to run). */
export type CardMove =
  | { step: 'choose'; card: BoardCard; record: MovesRecord; to: string; options: MoveOption[] }
  | { step: 'run'; card: BoardCard; record: MovesRecord; to: string; transition: string };

/** Why a move did not start, for the live region: no transition leads there, or the record could not be read. */
export type MoveRefusal = { kind: 'noTransition'; card: BoardCard; to: string } | { kind: 'failed' };

/**
 * A card moved to a stage (dropped, or chosen in "Move to…"): reads the record's moves at its current version; none
 * leads to that stage → refused in words; one → run it; several → the person chooses. `finish` ends the move and
 * moves focus back to the card (found by its handle once the board has drawn it, in whatever column it now is).
 * @example const { move, refusal, requestMove } = useCardMoves(); requestMove(card, 'opportunity');
 */
export function useCardMoves() {
  const [move, setMove] = useState<CardMove | null>(null);
  const [refusal, setRefusal] = useState<MoveRefusal | null>(null);
  const [focusCard, setFocusCard] = useState<string | null>(null);

  const requestMove = useCallback(async (card: BoardCard, to: string) => {
    if (to === card.stage) return;
    setRefusal(null);
    let answer: ResultOf<typeof RECORD_MOVES>;
    try {
      answer = await request(RECORD_MOVES, { id: card.id });
    } catch {
      setRefusal({ kind: 'failed' });
      return;
    }
    const { record } = answer;
    if (record.__typename !== 'Record') {
      setRefusal({ kind: 'failed' });
      return;
    }
    const options = record.availableTransitions.filter((option) => option.to === to);
    const [only] = options;
    if (!only) {
      setRefusal({ kind: 'noTransition', card, to });
      setFocusCard(card.id);
    } else if (options.length === 1) setMove({ step: 'run', card, record, to, transition: only.transition });
    else setMove({ step: 'choose', card, record, to, options });
  }, []);

  const choose = useCallback((transition: string) => {
    setMove((before) => (before ? { step: 'run', card: before.card, record: before.record, to: before.to, transition } : null));
  }, []);

  const finish = useCallback(() => {
    setMove((before) => {
      if (before) setFocusCard(before.card.id);
      return null;
    });
  }, []);

  // Focus goes back to the card once it is drawn (after the board read its new place).
  useEffect(() => {
    if (!focusCard || move) return;
    const handle = document.querySelector<HTMLElement>(`[data-card-handle="${CSS.escape(focusCard)}"]`);
    if (handle) {
      handle.focus();
      setFocusCard(null);
    }
  });

  return { move, refusal, requestMove, choose, finish };
}
