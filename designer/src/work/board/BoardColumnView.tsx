import { useDroppable } from '@dnd-kit/core';
import type { WorkflowDefinition } from '@funnel/schemas';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkFormat } from '../shared/format';
import type { BoardCard } from './board-documents';
import { BoardCardView } from './BoardCardView';
import { stageName } from './board-model';
import type { BoardColumnState } from './useBoard';

/** A card's height before it is measured. */
const CARD_ESTIMATE_PX = 132;
/** Cards from the end of what is read at which the next page is asked for. */
const LOAD_AHEAD = 5;

export interface Props {
  column: BoardColumnState;
  definition: WorkflowDefinition | null;
  stages: readonly string[];
  onLoadMore: (column: BoardColumnState) => void;
  onMoveTo: (card: BoardCard, stage: string) => void;
}

/** A column's heading: the stage's name and its totals (count, amount, weighted amount). */
function ColumnHeading({ column, name, headingId }: { column: BoardColumnState; name: string; headingId: string }) {
  const { t } = useTranslation('board');
  const format = useWorkFormat();
  return (
    <header className="board-column-head">
      <h3 id={headingId}>{name}</h3>
      <p className="board-column-totals" data-testid={`totals-${column.stage}`}>
        <span data-total="count" data-value={column.count}>
          {t('column.count', { count: column.count, formatted: format.count(column.count) })}
        </span>
        <span data-total="amount" data-value={column.amount}>
          {t('column.amount', { amount: format.money(column.amount) })}
        </span>
        <span data-total="weighted" data-value={column.weightedAmount}>
          {t('column.weighted', { amount: format.money(column.weightedAmount) })}
        </span>
      </p>
    </header>
  );
}

/**
 * One stage's column: its heading with totals and its cards, virtualised (only the cards in view are drawn) and read a
 * page at a time as the person scrolls near the end; a drop target for dragged cards.
 */
export function BoardColumnView({ column, definition, stages, onLoadMore, onMoveTo }: Props) {
  const { t, i18n } = useTranslation('board');
  const headingId = useId();
  const name = stageName(definition, column.stage, i18n.language);
  const { setNodeRef, isOver } = useDroppable({ id: column.stage, data: { stage: column.stage } });
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: column.cards.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => CARD_ESTIMATE_PX,
    overscan: 4,
    getItemKey: (index) => column.cards[index]?.id ?? index,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (lastShown >= column.cards.length - LOAD_AHEAD) onLoadMore(column);
  }, [lastShown, column, onLoadMore]);

  return (
    <section ref={setNodeRef} className={isOver ? 'board-column over' : 'board-column'} aria-labelledby={headingId} data-testid={`column-${column.stage}`}>
      <ColumnHeading column={column} name={name} headingId={headingId} />
      <div ref={scroller} className="board-column-cards">
        {column.cards.length === 0 ? <p className="board-column-empty">{t('column.empty')}</p> : null}
        <ul aria-label={t('column.cards', { stage: name })} style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const card = column.cards[item.index];
            if (!card) return null;
            return (
              <li key={item.key} data-index={item.index} ref={virtualizer.measureElement} style={{ transform: `translateY(${item.start}px)` }}>
                <BoardCardView card={card} definition={definition} stages={stages} onMoveTo={onMoveTo} />
              </li>
            );
          })}
        </ul>
        {column.loadingMore ? <p role="status">{t('column.loadingMore')}</p> : null}
      </div>
    </section>
  );
}
