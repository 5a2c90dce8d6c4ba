import {
  type Announcements,
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import type { WorkflowDefinition } from '@funnel/schemas';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/useSession';
import { TransitionDialog } from '../transition/TransitionDialog';
import { BOARD_EVENTS, type BoardCard } from './board-documents';
import { DraggedCard, useCardName } from './BoardCardView';
import { BoardColumnView } from './BoardColumnView';
import { MoveChoice } from './MoveChoice';
import { phaseGroups, stageName } from './board-model';
import { LIVE_RELOAD_MS, subscribe } from '../shared/live-subscription';
import { type BoardFilter, type BoardState, type MovedRecord, useBoard } from './useBoard';
import { useCardMoves } from './useCardMoves';

/** Pointer drags hit the column under the pointer; keyboard drags (no pointer) the column the card overlaps most. */
const columnUnderCard: CollisionDetection = (args) => {
  const underPointer = pointerWithin(args);
  return underPointer.length > 0 ? underPointer : rectIntersection(args);
};

/**
 * Left and right arrows carry a picked-up card to the middle of the previous or next column (columns are drop targets,
 * so a step of one column is what the keyboard needs); other keys do nothing.
 */
const columnKeyboardCoordinates: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  if (event.code !== 'ArrowRight' && event.code !== 'ArrowLeft') return undefined;
  event.preventDefault();
  const card = context.collisionRect;
  if (!card) return undefined;
  const middle = card.left + card.width / 2;
  const columns = [...context.droppableRects.values()].sort((a, b) => a.left - b.left);
  const target =
    event.code === 'ArrowRight' ? columns.find((column) => column.left > middle) : columns.reverse().find((column) => column.left + column.width < middle);
  if (!target) return undefined;
  return { x: target.left + (target.width - card.width) / 2, y: currentCoordinates.y };
};

/** The card a drag event carries. */
function draggedCard(active: { data: { current?: Record<string, unknown> } }): BoardCard | null {
  return (active.data.current?.card as BoardCard | undefined) ?? null;
}

/** What dnd-kit says in its live region as a card is picked up, carried and dropped, in the person's language. */
function useAnnouncements(definition: WorkflowDefinition): Announcements {
  const { t, i18n } = useTranslation('board');
  const nameOf = useCardName();
  const words = (active: Parameters<Announcements['onDragStart']>[0]['active']) => {
    const card = draggedCard(active);
    return card ? nameOf(card) : String(active.id);
  };
  const stage = (id: string | number) => stageName(definition, String(id), i18n.language);
  return {
    onDragStart: ({ active }) => t('dnd.picked', { name: words(active) }),
    onDragOver: ({ active, over }) => (over ? t('dnd.over', { name: words(active), stage: stage(over.id) }) : t('dnd.overNone', { name: words(active) })),
    onDragEnd: ({ active, over }) => (over ? t('dnd.dropped', { name: words(active), stage: stage(over.id) }) : t('dnd.droppedNone', { name: words(active) })),
    onDragCancel: ({ active }) => t('dnd.cancelled', { name: words(active) }),
  };
}

/**
 * Keeps the board live: moves made by anyone (the workflow's record events) read the board again, so cards move and
 * totals change without a reload; a move by someone else is announced. Returns `reloadSoon`, which reads the board
 * once things have been quiet for LIVE_RELOAD_MS (the board's own moves call it too: a burst of moves reads once).
 */
function useLiveBoard(input: { workflowKey: string; reload: () => void; state: BoardState; onOthersMove: (card: BoardCard, to: string) => void }) {
  const me = useSession((session) => session.me?.user.id);
  const latest = useRef(input);
  latest.current = input;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const reloadSoon = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current.reload(), LIVE_RELOAD_MS);
  }, []);
  useEffect(() => {
    const close = subscribe({
      document: BOARD_EVENTS,
      variables: { workflowKey: input.workflowKey },
      onData: ({ recordEvents: event }) => {
        const { state, onOthersMove } = latest.current;
        if (event.type === 'transitioned' && event.actorId !== me && event.to && state.status === 'done') {
          const card = state.columns.flatMap((column) => column.cards).find((candidate) => candidate.id === event.recordId);
          if (card) onOthersMove(card, event.to);
        }
        reloadSoon();
      },
    });
    return () => {
      clearTimeout(timer.current);
      close();
    };
  }, [input.workflowKey, me, reloadSoon]);
  return reloadSoon;
}

export interface Props {
  workflowKey: string;
  /** The workflow's latest version: the definition below is that version's. */
  version: number;
  pipeline: string | null;
  filter: BoardFilter;
  definition: WorkflowDefinition;
}

/**
 * The board's columns grouped under their phases, the drag and drop between them, the move dialogs, and the live
 * region that says what happened ("Moved Acme to Opportunity").
 */
export function BoardColumns({ workflowKey, version, pipeline, filter, definition }: Props) {
  const { t, i18n } = useTranslation('board');
  const nameOf = useCardName();
  const { state, busy, reload, loadMore, moveCard } = useBoard({ workflowKey, pipeline, filter });
  const { move, refusal, requestMove, choose, finish } = useCardMoves({ workflowKey, version, definition });
  const [dragged, setDragged] = useState<BoardCard | null>(null);
  // What the live region says, kept as the message and its record and stage, so it speaks the language chosen since.
  const [said, setSaid] = useState<{ message: 'moved' | 'live'; card: BoardCard; to: string } | null>(null);
  const announcements = useAnnouncements(definition);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnKeyboardCoordinates }),
  );
  const stage = (key: string) => stageName(definition, key, i18n.language);
  const onOthersMove = useCallback((card: BoardCard, to: string) => setSaid({ message: 'live', card, to }), []);
  const reloadSoon = useLiveBoard({ workflowKey, reload, state, onOthersMove });

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragged(null);
    const card = draggedCard(active);
    if (card && over) void requestMove(card, String(over.id));
  };
  const moved = (record: MovedRecord) => {
    if (move?.step !== 'run') return;
    moveCard(move.card.id, record);
    setSaid({ message: 'moved', card: move.card, to: record.stage });
    finish();
    reloadSoon();
  };

  if (state.status === 'loading') return <p role="status">{t('loading')}</p>;
  if (state.status === 'error') return <p role="alert">{t('loadFailed', { message: state.message })}</p>;
  const stages = state.columns.map((column) => column.stage);
  return (
    <>
      <p role="status" className="board-said" data-testid="board-said">
        {said ? t(said.message, { name: nameOf(said.card), stage: stage(said.to) }) : ''}
      </p>
      <p role="alert" className="board-refused" data-testid="board-refused">
        {refusal?.kind === 'noTransition'
          ? t('drop.refused', { name: nameOf(refusal.card), from: stage(refusal.card.stage), to: stage(refusal.to) })
          : refusal?.kind === 'failed'
            ? t('dialog.failed')
            : ''}
      </p>
      {/* Keyed by language: its live region starts again in the new one instead of keeping the last words in the old. */}
      <DndContext
        key={i18n.language}
        sensors={sensors}
        collisionDetection={columnUnderCard}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t('dnd.instructions') } }}
        onDragStart={({ active }) => setDragged(draggedCard(active))}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragged(null)}
      >
        {/* Busy while a newer filter's cards are read; `data-search` says whose search the cards answer. */}
        <div className="board-phases" aria-busy={busy} data-search={state.filter.search ?? ''}>
          {phaseGroups(state.columns).map((group) => (
            <section key={`${group.phase}-${group.columns[0]?.stage}`} className={`board-phase phase-${group.phase}`} aria-label={t(`phase.${group.phase}`)}>
              <h2>{t(`phase.${group.phase}`)}</h2>
              <div className="board-phase-columns">
                {group.columns.map((column) => (
                  <BoardColumnView
                    key={column.stage}
                    column={column}
                    definition={definition}
                    stages={stages}
                    onLoadMore={loadMore}
                    onMoveTo={(card, to) => void requestMove(card, to)}
                  />
                ))}
              </div>
            </section>
          ))}
        </div>
        <DragOverlay>{dragged ? <DraggedCard card={dragged} definition={definition} /> : null}</DragOverlay>
      </DndContext>
      {move?.step === 'choose' ? (
        <MoveChoice name={nameOf(move.card)} stage={stage(move.to)} options={move.options} onChoose={choose} onCancel={finish} />
      ) : null}
      {move?.step === 'run' ? <TransitionDialog record={move.card} transition={move.transition} onDone={moved} onCancel={finish} /> : null}
    </>
  );
}
