import type { WorkflowDefinition } from '@funnel/schemas';
import { useCallback, useEffect, useState } from 'react';
import { workflowDefinition } from '../shared/useWorkflowDefinition';
import type { BoardCard } from './board-documents';

type TransitionSpec = WorkflowDefinition['transitions'][number];
/** One transition that leads where a card was dropped: its key and its name. */
export type MoveOption = Pick<TransitionSpec, 'name'> & { transition: string };

/** Where a move stands: the card and target stage, and the transitions that lead there (one chosen to run). */
export type CardMove =
  | { step: 'choose'; card: BoardCard; to: string; options: MoveOption[] }
  | { step: 'run'; card: BoardCard; to: string; transition: string };

/** Why a move did not start, for the live region: no transition leads there, or the definition could not be read. */
export type MoveRefusal = { kind: 'noTransition'; card: BoardCard; to: string } | { kind: 'failed' };

/**
 * The transitions of a definition from `from` to `to`, in definition order: what the api lists among a record's
 * available transitions (every transition out of its stage, runnable or not: a refusal names its blockers).
 * @example movesBetween(standardTrunk, 'lead', 'mql') // → [{ transition: 'qualify', name: { en: 'Qualify', … } }]
 */
export function movesBetween(definition: WorkflowDefinition, from: string, to: string): MoveOption[] {
  return definition.transitions
    .filter((transition) => transition.to === to && transition.from.includes(from))
    .map((transition) => ({ transition: transition.key, name: transition.name }));
}

/**
 * A card moved to a stage (dropped, or chosen in "Move to…"): the transitions that lead there come from the
 * definition the card runs on (the board's own, or its older version, read once), so a move costs one round trip,
 * the transition itself, which runs at the version the card shows and is refused in words if it changed since.
 * None leads there → refused in words; one → run it; several → the person chooses. `finish` ends the move and moves
 * focus back to the card (found by its handle once the board has drawn it, in whatever column it now is).
 * @example const { move, refusal, requestMove } = useCardMoves(definition); requestMove(card, 'opportunity');
 */
export function useCardMoves(board: { workflowKey: string; version: number; definition: WorkflowDefinition }) {
  const [move, setMove] = useState<CardMove | null>(null);
  const [refusal, setRefusal] = useState<MoveRefusal | null>(null);
  const [focusCard, setFocusCard] = useState<string | null>(null);
  const { workflowKey, version, definition } = board;

  const requestMove = useCallback(
    async (card: BoardCard, to: string) => {
      if (to === card.stage) return;
      setRefusal(null);
      let runsOn: WorkflowDefinition;
      try {
        runsOn =
          card.workflowKey === workflowKey && card.workflowVersion === version ? definition : await workflowDefinition(card.workflowKey, card.workflowVersion);
      } catch {
        setRefusal({ kind: 'failed' });
        return;
      }
      const options = movesBetween(runsOn, card.stage, to);
      const [only] = options;
      if (!only) {
        setRefusal({ kind: 'noTransition', card, to });
        setFocusCard(card.id);
      } else if (options.length === 1) setMove({ step: 'run', card, to, transition: only.transition });
      else setMove({ step: 'choose', card, to, options });
    },
    [workflowKey, version, definition],
  );

  const choose = useCallback((transition: string) => {
    setMove((before) => (before ? { step: 'run', card: before.card, to: before.to, transition } : null));
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
