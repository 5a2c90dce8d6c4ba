import { useDraggable } from '@dnd-kit/core';
import type { WorkflowDefinition } from '@funnel/schemas';
import { useTranslation } from 'react-i18next';
import { routeHash } from '../../session/useRoute';
import { useWorkFormat } from '../shared/format';
import type { BoardCard } from './board-documents';
import { cardDeadline, cardFacts, cardScore } from './board-model';
import { MoveMenu } from './MoveMenu';

export interface Props {
  card: BoardCard;
  definition: WorkflowDefinition | null;
  /** Every stage of the board, for the "Move to…" control. */
  stages: readonly string[];
  onMoveTo: (card: BoardCard, stage: string) => void;
}

/** A card's name as the board shows it (a record without one says so). */
export function useCardName(): (card: Pick<BoardCard, 'fields'>) => string {
  const { t } = useTranslation('board');
  return (card) => cardFacts(card).name ?? t('card.unnamed');
}

/**
 * What a card says: name (a link to its record page), company, amount, owner, score and its next deadline ("Back to
 * the pool tomorrow").
 */
function CardFacts({ card, definition }: { card: BoardCard; definition: WorkflowDefinition | null }) {
  const { t, i18n } = useTranslation('board');
  const format = useWorkFormat();
  const name = useCardName()(card);
  const { company, amount } = cardFacts(card);
  const score = cardScore(card);
  const deadline = cardDeadline(card, definition, i18n.language);
  return (
    <>
      <a className="board-card-name" href={routeHash({ page: 'record', recordId: card.id })}>
        {name}
      </a>
      {company ? <span className="board-card-company">{company}</span> : null}
      <span className="board-card-line">
        {amount !== null ? <span className="board-card-amount">{format.money(amount)}</span> : null}
        <span className="board-card-owner">{card.owner?.name ?? t('card.noOwner')}</span>
        {score !== null ? <span className="board-card-score">{t('card.score', { score })}</span> : null}
      </span>
      {deadline ? (
        <span className={deadline.toPool ? 'board-card-deadline to-pool' : 'board-card-deadline'} data-testid="card-deadline">
          {deadline.toPool
            ? t('card.backToPool', { when: format.relative(deadline.dueAt) })
            : t('card.due', { timer: deadline.timer, when: format.relative(deadline.dueAt) })}
        </span>
      ) : null}
    </>
  );
}

/**
 * One card on the board: dragged by the pointer anywhere on it, or picked up from its handle with the keyboard
 * (Space, arrows, Space); its "Move to…" control moves it without dragging at all.
 */
export function BoardCardView({ card, definition, stages, onMoveTo }: Props) {
  const { t } = useTranslation('board');
  const name = useCardName()(card);
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({ id: card.id, data: { card } });
  return (
    <article
      ref={setNodeRef}
      className={isDragging ? 'board-card dragging' : 'board-card'}
      data-testid={`card-${card.id}`}
      data-card-name={name}
      onPointerDown={(event) => listeners?.onPointerDown?.(event)}
      aria-label={name}
    >
      <div className="board-card-top">
        <button
          type="button"
          ref={setActivatorNodeRef}
          className="board-card-handle"
          data-card-handle={card.id}
          {...attributes}
          onKeyDown={(event) => listeners?.onKeyDown?.(event)}
          aria-label={t('card.drag', { name })}
        >
          <span aria-hidden="true">⠿</span>
        </button>
        <div className="board-card-facts">
          <CardFacts card={card} definition={definition} />
        </div>
      </div>
      <MoveMenu name={name} stage={card.stage} stages={stages} definition={definition} onMoveTo={(stage) => onMoveTo(card, stage)} />
    </article>
  );
}

/** The card under the pointer while it is dragged (drawn above the columns, so it can leave its own). */
export function DraggedCard({ card, definition }: { card: BoardCard; definition: WorkflowDefinition | null }) {
  return (
    <div className="board-card overlay" aria-hidden="true" inert>
      <div className="board-card-facts">
        <CardFacts card={card} definition={definition} />
      </div>
    </div>
  );
}
