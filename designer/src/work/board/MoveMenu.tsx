import type { WorkflowDefinition } from '@funnel/schemas';
import { type KeyboardEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { stageName } from './board-model';

export interface Props {
  /** The card's name, for the control's label. */
  name: string;
  /** The stage the card is in (left out of the list). */
  stage: string;
  /** Every stage of the board. */
  stages: readonly string[];
  definition: WorkflowDefinition | null;
  onMoveTo: (stage: string) => void;
}

/**
 * "Move to…": a button that opens the list of the other stages, so a card moves without dragging. A stage is taken
 * only by choosing it (Enter or a click), never by an arrow key passing over it; Escape closes the list and focus goes
 * back to the button.
 */
export function MoveMenu({ name, stage, stages, definition, onMoveTo }: Props) {
  const { t, i18n } = useTranslation('board');
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const listId = useId();
  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return;
    event.stopPropagation();
    setOpen(false);
    button.current?.focus();
  };
  return (
    <div className="board-card-move">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        onKeyDown={closeOnEscape}
        onClick={() => setOpen(!open)}
      >
        {t('card.moveToPlaceholder')}
        <span className="visually-hidden"> {name}</span>
      </button>
      {open ? (
        <ul id={listId} aria-label={t('card.moveTo', { name })}>
          {stages
            .filter((candidate) => candidate !== stage)
            .map((candidate) => (
              <li key={candidate}>
                <button
                  type="button"
                  onKeyDown={closeOnEscape}
                  onClick={() => {
                    setOpen(false);
                    onMoveTo(candidate);
                  }}
                >
                  {stageName(definition, candidate, i18n.language)}
                </button>
              </li>
            ))}
        </ul>
      ) : null}
    </div>
  );
}
